"""Local servers the tests start on 127.0.0.1: a generated news site, a fault-injecting site, redis-server."""
