# Contact messages may hold health details: staff read them in the inbox, with audit and
# MFA. They are deliberately not in the operators' Django admin.
