"""techbloc — monitoring, assessment and early warning for the technology alliance system."""

from techbloc.errors import TechblocError
from techbloc.workspace import Techbloc

__version__ = "0.1.0"

__all__ = ["Techbloc", "TechblocError", "__version__"]
