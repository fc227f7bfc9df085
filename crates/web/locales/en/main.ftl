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

# Part `inbox`: the inbox list, notifications, bulk actions and search (issue 9)
inbox-views = Views
inbox-view-mine = Mine
inbox-view-unassigned = Unassigned
inbox-view-teams = My teams
inbox-view-all = All
inbox-filter-status = Status
inbox-filter-channel = Channel
inbox-filter-team = Team
inbox-filter-label = Label
inbox-filter-apply = Apply filter
inbox-status-active = Open and waiting for resident
inbox-status-any = Any status
inbox-any-team = All teams
inbox-any-channel = All channels
inbox-col-select = Select
inbox-col-channel = Channel
inbox-col-labels = Labels
inbox-col-window = Reply window
inbox-select-row = Select the conversation with { $resident }
inbox-minutes = { $n } min
inbox-hours = { $n } h
inbox-days = { $n } d
inbox-window-left = { $left } left
inbox-window-closed = closed: templates only
inbox-paging = Pages
inbox-first-page = First page
inbox-next-page = Next
inbox-notify-on = Turn on notifications and sound
inbox-notify-off = Turn off notifications and sound
inbox-notify-title = New conversation
inbox-notify-body = A resident started a conversation via
inbox-bulk-legend = Select conversations and at once
inbox-bulk-action = Action
inbox-bulk-me = Assign to me
inbox-bulk-team = Assign to a team
inbox-bulk-resolve = Resolve
inbox-bulk-label = Add a label
inbox-bulk-selected = For the selected conversations
inbox-bulk-page = For every conversation on this page
inbox-bulk-changed = { $n } conversations changed.
inbox-bulk-skipped = { $n } skipped (not found or not allowed).
search-title = Search
search-label = Find a conversation
search-hint = By name, phone number, username or conversation number.
search-submit = Search
search-count = { $n } found
