"""The journeymap Streamlit dashboard (`make dashboard`); entry point app.py."""
