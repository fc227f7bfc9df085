# Loket's interface in English. English has one form of address; $tone is accepted
# and ignored.

app-name = Loket
page-title = { $page } · Loket
skip-to-content = Skip to content
nav-main = Main menu
nav-language = Language
nav-inbox = Conversations
nav-organisations = Switch organisation
nav-password = Change password
sign-out = Sign out
language-nl = Nederlands
language-en = English
logo-alt = Logo of { $organisation }
footer = Loket: webcare for municipalities

sign-in-title = Sign in
sign-in-intro = Sign in with your e-mail address and password.
field-email = E-mail address
field-password = Password
sign-in-submit = Sign in
sign-in-failed = This e-mail address and password do not match. Check them and try again.

two-factor-title = Two-step verification
two-factor-intro = Enter the 6-digit code your authenticator app shows now.
field-code = Code
field-code-description = 6 digits, or a recovery code
two-factor-submit = Verify
two-factor-recovery = No phone at hand? Enter one of your recovery codes instead.

enrol-title = Set up two-step verification
enrol-intro = Your organisation asks for a second step when you sign in. You need an authenticator app for it.
enrol-step-scan = Step 1: scan the QR code
enrol-qr-alt = QR code to add Loket to an authenticator app
enrol-secret = Cannot scan? Enter this key in your app:
enrol-recovery-title = Keep the recovery codes
enrol-recovery-intro = Keep these codes somewhere safe. Each code works once, when the app is not available.
enrol-step-code = Step 2: confirm with a code
enrol-submit = Confirm

organisations-title = Choose an organisation
organisations-intro = You work for more than one organisation. Choose the one you are working for now; you can switch later.
role-agent = Agent
role-team-lead = Team lead
role-admin = Functional administrator

password-title = Change password
password-intro = Choose a password you use nowhere else.
field-current-password = Current password
field-new-password = New password
field-new-password-description = At least 12 characters.
field-repeat-password = Repeat the new password
password-submit = Change password

conversation-title = Conversation
conversation-messages = Messages
inbox-title = Conversations
inbox-caption = Conversations waiting for an answer, longest waiting first
inbox-empty = No conversations are waiting.
col-resident = Resident
col-last-message = Last message
col-waiting = Waiting since
col-status = Status
col-assignee = Assignee
unread = new
unassigned = Nobody yet
status-open = Open
status-pending = Waiting for resident
status-snoozed = Snoozed
status-resolved = Resolved

# Signing in (wired to accounts)
nav-two-factor = Two-step verification
signed-out = You have signed out.
sign-in-locked = Too many wrong codes or passwords. Wait a quarter of an hour, then try again.
two-factor-failed = This code is not right or was used before. Try the code the app shows now, or a recovery code.
enrol-failed = That code was not right. A new key was made: scan the QR code again.
enrol-done = Two-step verification is on.
enrol-continue = Continue to Loket
password-changed = The password was changed.
password-wrong-current = The current password is not right.
password-weak = The new password must be at least 12 characters long.
password-mismatch = The two new passwords are not the same.
refused-title = Request refused
refused-intro = This form did not come from a Loket page, or the page was out of date. Nothing was changed. Open the page again and try once more.
refused-back = Back to Loket
resident-unknown = Unknown resident

# Composer and starting a conversation (composer part)
composer-heading = Reply
composer-mode-note = Internal note
composer-mode-note-hint = Only colleagues see a note; the resident never receives it.
composer-text = Message
composer-text-hint = Ctrl+Enter (Cmd+Enter on a Mac) sends. Your draft is kept until it is sent.
composer-files = Attachments
composer-files-hint = Photos, video, audio or documents, at most 10. You can also drag or paste files here.
composer-send = Send
composer-empty = Write a message or choose an attachment.
composer-mention = Mention a colleague (@)
composer-mention-legend = Which colleague is notified of this note?
composer-window-closed = The 24-hour window has closed: the resident last wrote more than 24 hours ago. Send an approved template to reopen the conversation.
composer-not-found = This conversation or message does not exist (any more).
composer-failed = Sending failed. Please try again later.
composer-template = Template
composer-template-choose = Choose a template
composer-template-missing = Choose a template first.
composer-param = Value for
composer-preview = What the resident will read
composer-preview-update = Update preview
composer-template-send = Send template
start-title = Start a conversation
start-link = Start a conversation
start-intro = Send a resident who asked to be called back an approved template over WhatsApp.
start-phone = The resident's phone number
start-phone-hint = With the country code, for example +31 6 12345678. A number starting with 0 gets +31.
start-phone-invalid = This is not a valid phone number. Use the country code and 8 to 15 digits, for example +31 6 12345678.
start-opt-in = The resident gave permission to be contacted on this channel.
start-opt-in-missing = Confirm that the resident gave permission.
start-send = Start conversation
start-no-templates = There are no approved templates. Sync the templates on the admin pages.
