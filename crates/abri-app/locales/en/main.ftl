# Abri — English messages

skip-to-content = Skip to content
brand-space = Customer space
switch-language = Français
sign-out = Sign out
nav-label = Main navigation
nav-home = Home
breadcrumb = Breadcrumb
footer-support = Customer service: { $phone }

sign-in-title = Sign in to your customer space
sign-in-intro = Manage your contracts, your guarantees and the protection of your homes.
sign-in-identifier = E-mail address or customer number
sign-in-identifier-hint = Your customer number starts with C followed by 8 digits (for example C12345678).
sign-in-password = Password
sign-in-submit = Sign in
sign-in-help = Trouble signing in? Call customer service on { $phone }.

dashboard-title = Dashboard
dashboard-greeting = Hello { $name }
dashboard-summary = { $homes ->
    [one] One protected home
   *[other] { $homes } protected homes
  } · { $contracts ->
    [one] one contract
   *[other] { $contracts } contracts
  }
dashboard-no-home = No home is linked to your account yet.
home-open = View this home
home-contracts = Contracts
home-no-contract = No contract for this home.
home-equipment = Installed equipment
home-no-equipment = No equipment recorded.
equipment-kind = Equipment
equipment-location = Location
equipment-quantity = Quantity

home-kind-house = House
home-kind-flat = Flat

contract-number = Contract number
contract-status = Status
contract-start = Start date
contract-premium = Premium
contract-next-due = Next payment
contract-guarantees = Guarantees
next-due = Next payment on { $date }
guarantee = Guarantee
guarantee-ceiling = Ceiling
guarantee-deductible = Deductible
guarantee-unlimited = Unlimited
guarantee-no-deductible = None
options-subscribed = Subscribed options
options-none-subscribed = No option subscribed.
options-available = Available options
options-none-available = Every option is already subscribed.

product-home_insurance = Home insurance
product-monitoring = Alarm monitoring
status-pending = Pending
status-active = Active
status-suspended = Suspended
status-cancelled = Cancelled
per-monthly = { $amount } / month
per-annual = { $amount } / year

equipment-alarm_panel = Alarm panel
equipment-keypad = Keypad
equipment-motion_sensor = Motion sensor
equipment-door_sensor = Door/window sensor
equipment-smoke_detector = Smoke detector
equipment-water_leak_sensor = Water-leak sensor
equipment-siren = Siren
equipment-camera = Camera

guarantee-fire = Fire
guarantee-water_damage = Water damage
guarantee-theft = Theft and vandalism
guarantee-glass_breakage = Glass breakage
guarantee-natural_disaster = Natural disaster
guarantee-liability = Civil liability
guarantee-remote_monitoring = 24/7 monitoring
guarantee-equipment_maintenance = Equipment maintenance

option-valuables = Valuables
option-valuables-description = Jewellery, works of art and precious items covered up to €20,000.
option-electrical_damage = Electrical damage
option-electrical_damage-description = Appliances damaged by lightning or a power surge.
option-garden = Garden and pool
option-garden-description = Fences, trees, garden furniture and pool equipment.
option-legal_protection = Legal protection
option-legal_protection-description = Advice and legal costs for disputes about your home.
option-school = School insurance
option-school-description = Your children's accidents at school and during activities.
option-guard_dispatch = Guard dispatch
option-guard_dispatch-description = A security guard goes on site after a confirmed alarm.
option-video_verification = Video verification
option-video_verification-description = The operator checks the alarm with your cameras' images.
option-extra_smoke_detector = Extra connected smoke detector
option-extra_smoke_detector-description = A detector linked to the panel, monitored 24/7.
option-keyholding = Key holding
option-keyholding-description = We keep a copy of your keys for interventions.

error-required = This field is required.
error-identifier-format = Enter an e-mail address (name@example.com) or a customer number (C followed by 8 digits).
error-too-long = This text is too long.
error-password-too-long = The password cannot be longer than 128 characters.
error-sign-in-failed = Incorrect identifier or password. After several mistakes, wait a few seconds before trying again.
error-busy = The service is very busy. Please try again in a few seconds.
error-form-expired = This form has expired. Check your details and send it again.

error-back-home = Back to the home page
error-status = Error
error-request-id = request reference
error-title = Something went wrong
error-text = The request could not be completed.
error-400-title = Bad request
error-400-text = What was sent could not be read. Go back and try again.
error-403-title = Access denied
error-403-text = This action is not allowed. If you followed a link from another site, go back to your customer space and start again.
error-404-title = Page not found
error-404-text = This page does not exist or cannot be reached from your account.
error-405-title = Action not possible
error-405-text = This page does not allow this action.
error-413-title = Too large
error-413-text = What was sent is larger than allowed.
error-415-title = Format not accepted
error-415-text = This kind of submission is not accepted.
error-429-title = Too many requests
error-429-text = Please wait a moment before trying again.
error-500-title = An error on our side
error-500-text = A technical problem stops us from answering. Our teams have been told; please try again in a few minutes.
error-503-title = Service briefly unavailable
error-503-text = The service is very busy. Please try again in a few seconds.

outbox-title = Outbox (demo)
outbox-intro = In the demo, e-mails and text messages are not sent: they are kept here, newest first.
outbox-empty = No message yet.
outbox-email = E-mail
outbox-sms = Text message

email-greeting = Hello { $name },
email-footer = A question? Our customer service answers on { $phone }.
email-automatic = This message was sent automatically; please do not reply.
email-password-changed-subject = Your password was changed
email-password-changed-body = The password of your customer space was changed on { $date }.
email-password-changed-warning = If you did not make this change, call our customer service at once: someone else may be using your account.

nav-account = My account
account-title = My account
account-details = Contact details
account-name = Name
account-number = Customer number
account-email = E-mail address
account-phone = Phone
account-phone-none = Not given
account-security = Account security
account-change-password = Change my password
account-password-changed = Your password was changed. Your other devices were signed out and a confirmation e-mail was sent to you.
password-change-title = Change my password
password-current = Current password
password-new = New password
password-new-again = Confirm the new password
password-change-submit = Save the new password
password-rules = 12 to 128 characters. Spaces, accents and emoji are welcome.
password-tip-length = The longer, the safer: a sentence of several words is ideal.
password-tip-mix = Mix capitals, small letters, digits and symbols if you like.
password-tip-obvious = Avoid obvious sequences such as “123456” or “password”, and your personal details.
password-tip-manager = A password manager can remember it for you.
error-current-password-wrong = The current password is not correct.
error-password-too-short = The password must have at least 12 characters.
error-password-mismatch = The two entries are not the same.
error-password-common = This password is too common or has leaked in a data breach: choose another one.
error-password-personal = The password must not contain your customer number, your e-mail address or the name { $brand }.
error-password-weak = This password would be too easy to guess. Make it longer, for example a sentence of several words.

sign-in-forgot = Forgotten your password?
reset-request-title = Forgotten password
reset-request-intro = Give the e-mail address or the customer number of your account: we will send you a link to choose a new password.
reset-request-hint = Use the address registered in your customer space, or your customer number (C followed by 8 digits).
reset-request-submit = Send me the link
reset-back-to-sign-in = Back to sign-in
reset-sent-title = Check your e-mail
reset-sent-text = If an account matches what you typed, we have just sent it an e-mail with a link to choose a new password.
reset-sent-spam = It arrives within minutes; remember to look in your spam folder.
reset-sent-expiry = The link works for 30 minutes and only once. A new request cancels earlier links.
reset-sent-never-share = Never pass this link on: our advisers will never ask for it.
reset-invalid-title = This link no longer works
reset-invalid-text = The link was already used, expired (after 30 minutes) or was replaced by a newer request. You can ask for a new one.
reset-invalid-again = Ask for a new link
reset-code-title = Enter the code sent by text message
reset-code-intro = To check it is really you, we sent a 6-digit code to { $phone }.
reset-code-label = 6-digit code
reset-code-hint = The code works for 10 minutes. Tries left: { $tries }.
reset-code-submit = Check the code
reset-code-resend = Send me a new code
reset-password-title = Choose a new password
reset-password-intro = { $name }, choose a password you use nowhere else. You will then be signed in to your customer space.
reset-password-submit = Save and sign me in
error-code-format = Enter the 6 digits of the code you received by text message.
error-code-wrong = This code is not the right one. Check the last text message you received.
error-code-expired = This code has expired. Ask for a new one.
error-code-too-many = Too many wrong codes: for your safety this request is cancelled. Start again from “Forgotten your password?”.
sms-reset-code = { $brand }: your reset code is { $code }. It expires in 10 minutes. Never share it, not even with an adviser.
email-reset-link-subject = Resetting your password
email-reset-link-body = You asked to reset the password of your customer space. Click the button below to choose a new one.
email-reset-link-expiry = This link works for 30 minutes and only once.
email-reset-link-action = Choose a new password
email-reset-link-warning = Did not ask for this? Ignore this e-mail: your current password still works. Never forward this link.
email-reset-done-subject = Your password was reset
email-reset-done-body = The password of your customer space was reset on { $date }. All your devices were signed out.

captcha-working = Checking you are not a robot…
captcha-done = Robot check done.
error-captcha = The robot check did not succeed. Please send the form again.
error-captcha-expired = The robot check has expired. Please send the form again.

password-meter-label = Password strength
password-meter-ok = Strong password.

security-title = Account security
security-password = Password
security-sessions = Signed-in devices
security-sessions-intro = The browsers currently signed in to your customer space. Sign out those you do not recognise, then change your password.
security-this-device = This device
security-ip = IP address { $ip }
security-since = signed in on { $date }
security-last-seen = last active on { $date }
security-revoke = Sign out
security-revoke-others = Sign out all other devices
security-revoked = The device was signed out.
security-revoked-others = All your other devices were signed out.
security-history = Sign-in history
security-history-intro = Sign-ins and attempts of the last 90 days.
security-history-empty = No sign-in recorded.
security-when = Date
security-result = Result
security-method = Method
security-device = Device
security-address = IP address
history-result-success = Succeeded
history-result-failure = Failed
history-method-password = Password
history-method-password_reset = Password reset
email-new-device-subject = New sign-in to your customer space
email-new-device-body = Your customer space was signed in to on { $date } from a device we did not know ({ $device }, IP address { $ip }).
email-new-device-warning = If this was you, there is nothing to do. Otherwise change your password at once and call our customer service.

error-captcha-required = After several unsuccessful tries a robot check is needed: it runs by itself when JavaScript is on. Otherwise, try again in an hour.

factor-title = Two-step verification
factor-reset-title = Two-step verification
factor-intro = Enter the 6-digit code shown by your authenticator app, or one of your recovery codes.
factor-code = Verification code
factor-code-hint = 6 digits, or a recovery code like ABCD-EFGH-JKMN-PQRS.
factor-submit = Verify
error-factor-wrong = This code is not valid. Check your phone's clock or use a recovery code.
error-factor-replayed = This code was already used. Wait for the next one in your app.
totp-title = Turn on the authenticator app
totp-step-app = Install an authenticator app on your phone (your password manager may have one).
totp-step-scan = Scan this QR code with the app, or type the key by hand.
totp-qr-label = QR code to scan with your authenticator app
totp-key-label = Key:
totp-step-code = Enter the 6-digit code the app shows.
totp-code = Code shown by the app
totp-confirm = Turn on
recovery-title = Your recovery codes
recovery-shown-once = Two-step verification is on. These codes will never be shown again.
recovery-intro = Keep them somewhere safe (printed, or in your password manager). Each code works once, if you lose access to your app.
recovery-done = I have stored my codes safely
security-factor = Two-step verification
security-totp-on = On
security-totp-off = Protect your account with an authenticator app: a 6-digit code will be asked for besides your password.
security-totp-enable = Turn on two-step verification
security-totp-remove = Turn off two-step verification
security-totp-removed = Two-step verification was turned off.
security-new-codes = Make new recovery codes
security-codes-left = Recovery codes left: { $count }.
security-code-to-confirm = Code from your app, to confirm
history-method-password-totp = Password and app
history-method-password-recovery_code = Password and recovery code
email-factor-warning = If you did not do this, change your password at once and call our customer service.
email-factor-added-subject = Two-step verification turned on
email-factor-added-body = Two-step verification by app was turned on for your account on { $date }.
email-factor-removed-subject = Two-step verification turned off
email-factor-removed-body = Two-step verification was turned off for your account on { $date }.
email-recovery-used-subject = A recovery code was used
email-recovery-used-body = One of your recovery codes was used on { $date }. It cannot be used again.
email-totp-replay-subject = Verification code used again
email-totp-replay-body = A code of your authenticator app that had already been used was presented again on { $date } and refused.
email-factor-failed-subject = Sign-in attempt on your account
email-factor-failed-body = On { $date }, your password was typed correctly but the two-step verification failed.

history-method-totp = Authenticator app
history-method-email = E-mail link

confirm-title = Confirm it is you
confirm-intro = For this sensitive action, type your password again. You will not be asked again for 10 minutes.
confirm-submit = Confirm

reset-continue-title = Reset your password
reset-continue-text = You followed the link from your e-mail. Continue to choose a new password: the link will not work again afterwards.
reset-continue-submit = Continue
