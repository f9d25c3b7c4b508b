from .assets import *  # noqa: F401,F403
from .people import *  # noqa: F401,F403
from .policies import *  # noqa: F401,F403
from .questionnaire import *  # noqa: F401,F403
