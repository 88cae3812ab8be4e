"""GDPR deadlines (Art. 12(3), counted by Regulation 1182/71) and the register of data-subject requests."""
