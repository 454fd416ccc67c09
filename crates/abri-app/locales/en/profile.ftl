# Profile and self-service: contact details, SEPA mandate, homes (naming, requests, switcher),
# preferences. Loaded with main.ftl; keys are unique across both files.

contact-title = Change my e-mail or phone
contact-intro = We send a code to the new contact to check it is yours; the old one is told of the change.
contact-new-phone = New mobile phone number
contact-phone-hint = For example 06 12 34 56 78, or +33 6 12 34 56 78 from abroad.
contact-new-email = New e-mail address
contact-send-code = Send me a verification code
contact-verify-title = Enter the verification code
contact-verify-intro = We sent a 6-digit code to { $target }. It works for 10 minutes.
contact-verify-submit = Confirm
account-phone-changed = Your phone number was changed and verified.
account-email-changed = Your e-mail address was changed and verified.
error-contact-same = This is already your current contact.
error-phone-format = Enter a valid mobile number, for example 06 12 34 56 78.
error-email-format = Enter a valid e-mail address, for example name@example.com.
error-email-taken = This address cannot be used for your account. Choose another one.
sms-contact-code = { $brand }: your code to verify this number is { $code }. It expires in 10 minutes.
sms-phone-changed = { $brand }: the phone number of your customer space was changed. If this was not you, call our customer service.
email-contact-code-subject = Verifying your new e-mail address
email-contact-code-body = To confirm this address as the new address of your customer space, enter the code { $code }. It expires in 10 minutes.
email-email-changed-subject = Your e-mail address was changed
email-email-changed-body = The e-mail address of your customer space was replaced by { $value } on { $date }.
email-phone-changed-subject = Your phone number was changed
email-phone-changed-body = The phone number of your customer space was replaced by { $value } on { $date }.

## SEPA direct-debit mandate
account-payment = Payment
mandate-title = My SEPA direct-debit mandate
mandate-current = Mandate in force
mandate-none = No direct-debit mandate is on file. Your premiums are paid another way.
mandate-iban = IBAN
mandate-iban-hint = 27 characters for an account in France, for example FR76 3000 6000 0112 3456 7890 189. Spaces are fine.
mandate-bic = BIC (optional)
mandate-bic-hint = 8 or 11 characters, for example BNPAFRPP. It is on your bank details slip.
mandate-holder = Account holder
mandate-reference = Unique mandate reference
mandate-signed-on = Signed on
mandate-new = Change bank account
mandate-new-intro = The new mandate replaces the old one from today for the next premiums. Only the last 4 characters of the IBAN will be shown afterwards.
mandate-consent = By confirming, you authorise us to send instructions to your bank to debit your account, and your bank to debit it in accordance with those instructions. You may ask your bank for a refund of an authorised debit within 8 weeks of the debit date.
mandate-submit = Sign the new mandate
mandate-replaced = Your new direct-debit mandate is recorded. A confirmation was sent to you by e-mail.
error-iban-format = This IBAN does not have the right shape: it starts with 2 letters and 2 digits, for example FR76…
error-iban-checksum = This IBAN contains a typing mistake (its check digits do not match). Please check it against your bank details slip.
error-iban-country = This IBAN does not have the length or shape expected for its country. Please check it against your bank details slip.
error-iban-not-sepa = This account is outside the SEPA area; we cannot debit it.
error-bic-format = This BIC does not have the right shape: 8 or 11 characters, for example BNPAFRPP.
email-mandate-subject = Your direct-debit mandate was changed
email-mandate-body = A new SEPA direct-debit mandate (reference { $reference }) was signed on { $date } for the account ending in { $last4 }. It replaces the previous one.

## Naming a home
home-name-title = Name this home
home-name-label = Name of the home
home-name-hint = The name shown on your dashboard, for example “Lyon house”. At most 60 characters.
home-name-submit = Save the name
home-renamed = The name of the home was saved.

## Adding a home or moving (a request to staff)
home-request-title = Add a home or move
home-request-intro = An adviser reviews your request and contacts you within 2 working days to offer the right contracts and installation. Nothing changes on your contracts before they agree.
home-request-new = New request
home-request-kind = Your request
home-request-kind-new_home = Protect one more home
home-request-kind-move = I am moving
home-request-home = Home you are leaving (move)
home-request-home-hint = Choose only if you are moving.
home-request-home-none = — None —
home-request-street = Address of the new home (number and street)
home-request-postal-code = Postal code
home-request-postal-code-hint = 5 digits, for example 69002.
home-request-city = City
home-request-date = Wished date
home-request-date-hint = From today and within the coming year.
home-request-note = Details (optional)
home-request-submit = Send my request
home-request-sent = Your request is recorded. An acknowledgement was sent to you by e-mail.
home-request-list = My requests
home-request-none = You have made no request.
home-request-address = Address
home-request-made = Sent on
home-request-status = Progress
home-request-status-open = Under review
home-request-link = Add a home or move
error-request-kind = Choose the kind of request.
error-request-home = Choose the home you are leaving.
error-postal-code = A postal code has 5 digits, for example 69002.
error-date-format = Enter a valid date, for example 15/01/2027.
error-date-past = This date has already passed.
error-date-too-far = Choose a date within the coming year.
email-home-request-subject = We have received your request
email-home-request-new_home = You asked us to protect a new home at { $address }, from { $date }.
email-home-request-move = You told us you are moving from “{ $home }” to { $address }, from { $date }.
email-home-request-next = An adviser will contact you within 2 working days. Your contracts stay unchanged until then.

## Preferences: paperless invoices and notifications
prefs-title = My preferences
prefs-saved = Your preferences are saved.
prefs-paper-title = Invoices and documents
prefs-paperless = Paperless invoices
prefs-paperless-hint = Your invoices and premium notices arrive by e-mail and stay available in your customer space, with nothing sent by post.
prefs-notif-title = Notifications
prefs-notif-intro = For each kind of event, tick how you want to be told.
prefs-event = Event
prefs-channel-email = E-mail
prefs-channel-sms = SMS
prefs-channel-in_app = Customer space
prefs-class-alarm = Alarm (triggered, armed, fault)
prefs-class-claims = My claims
prefs-class-invoices = Invoices and payments
prefs-class-visits = Technician visits
prefs-class-messages = Replies from customer service
prefs-class-contracts = Contracts (amendments, renewals)
prefs-security-note = Security messages about your account (sign-in from a new device, password change) are always sent.
prefs-submit = Save my preferences
error-prefs-alarm = The alarm must be able to reach you outside the customer space: tick at least e-mail or SMS.

## Layout: home switcher
nav-homes = My homes

## Name and postal addresses
error-name-characters = Only letters, spaces, hyphens, apostrophes and full stops.
name-title = Change my name
name-intro = Your name as it appears on your identity papers. Our advisers use it to recognise you on the phone.
name-given = Given name
name-family = Family name
name-submit = Save my name
name-back = Back to my account without changing anything
account-name-changed = Your name was changed. An e-mail confirms it.
account-addresses = Addresses of my homes
account-address-correct = Correct the address
account-address-request = Moving, or protecting a new home? Make a request.
email-name-changed-subject = Your name was changed
email-name-changed-body = The name of your customer space is now { $name }, since { $date }.
home-address-title = Address
home-address-hint = Correct the number, street, building or floor here. A change of town is a move:
home-address-move = request a move
home-address-street = Number, street and details
home-address-submit = Correct the address
home-street-corrected = The address was corrected.

## Confirming an option at the quoted premium
error-price-format = The confirmed premium could not be read. Here is the up-to-date quote: check it, then confirm.
error-price-changed = The premium changed since your quote. Here is the up-to-date quote: check it, then confirm.
