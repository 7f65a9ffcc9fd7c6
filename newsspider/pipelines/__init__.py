"""Item pipelines: validate (validate.py), deduplicate against the state store (dedup.py), write through
the output sinks (write.py, sinks/). No extraction here.

The classes are importable from here, the paths ITEM_PIPELINES names.
"""

from __future__ import annotations

from newsspider.pipelines.dedup import DeduplicatePipeline
from newsspider.pipelines.validate import ValidatePipeline
from newsspider.pipelines.write import WritePipeline

# The writer's name before the output had sinks: settings that name it keep working.
JsonLinesWriterPipeline = WritePipeline

__all__ = ["DeduplicatePipeline", "JsonLinesWriterPipeline", "ValidatePipeline", "WritePipeline"]
