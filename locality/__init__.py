"""Facts about where the service runs, with no models, that the chat, the widget and
compliance share: the visitor languages (English, Welsh), UK bank holidays (for
opening hours and statutory deadlines in working days) and a local day's bounds.
Imports nothing of this project.
"""
