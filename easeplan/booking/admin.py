# Appointments are client records: staff see them in the staff pages, with audit and MFA.
# They are deliberately not in the operators' Django admin.
