from .access import AccessGrant, AccessKind
from .dataset import Dataset, DatasetFile, dataset_file_path

__all__ = ["AccessGrant", "AccessKind", "Dataset", "DatasetFile", "dataset_file_path"]
