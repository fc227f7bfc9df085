# Loket's interface in Dutch (the default). Messages that address the reader select on
# $tone: "u" (formal, the default) or "je", as the organisation configures.

app-name = Loket
page-title = { $page } · Loket
skip-to-content = Direct naar de inhoud
nav-main = Hoofdmenu
nav-language = Taal
nav-inbox = Gesprekken
nav-organisations = Organisatie wisselen
nav-password = Wachtwoord wijzigen
sign-out = Uitloggen
language-nl = Nederlands
language-en = English
logo-alt = Logo van { $organisation }
footer = Loket: webcare voor gemeenten

sign-in-title = Inloggen
sign-in-intro = { $tone ->
    [je] Log in met je e-mailadres en wachtwoord.
   *[u] Log in met uw e-mailadres en wachtwoord.
}
field-email = E-mailadres
field-password = Wachtwoord
sign-in-submit = Inloggen
sign-in-failed = Dit e-mailadres en wachtwoord passen niet bij elkaar. Controleer ze en probeer het opnieuw.

two-factor-title = Tweestapsverificatie
two-factor-intro = { $tone ->
    [je] Vul de code van 6 cijfers in die je authenticator-app nu toont.
   *[u] Vul de code van 6 cijfers in die uw authenticator-app nu toont.
}
field-code = Code
field-code-description = 6 cijfers, of een herstelcode
two-factor-submit = Controleren
two-factor-recovery = { $tone ->
    [je] Heb je je telefoon niet bij de hand? Vul dan een van je herstelcodes in.
   *[u] Heeft u uw telefoon niet bij de hand? Vul dan een van uw herstelcodes in.
}

enrol-title = Tweestapsverificatie instellen
enrol-intro = { $tone ->
    [je] Je organisatie vraagt om een tweede stap bij het inloggen. Daarvoor heb je een authenticator-app nodig.
   *[u] Uw organisatie vraagt om een tweede stap bij het inloggen. Daarvoor heeft u een authenticator-app nodig.
}
enrol-step-scan = Stap 1: scan de QR-code
enrol-qr-alt = QR-code om Loket toe te voegen aan een authenticator-app
enrol-secret = { $tone ->
    [je] Lukt scannen niet? Vul deze sleutel in je app in:
   *[u] Lukt scannen niet? Vul deze sleutel in uw app in:
}
enrol-recovery-title = Bewaar de herstelcodes
enrol-recovery-intro = Bewaar deze codes op een veilige plek. Elke code werkt één keer, als de app niet beschikbaar is.
enrol-step-code = Stap 2: bevestig met een code
enrol-submit = Bevestigen

organisations-title = Kies een organisatie
organisations-intro = { $tone ->
    [je] Je werkt voor meer dan één organisatie. Kies voor welke je nu werkt; je kunt later wisselen.
   *[u] U werkt voor meer dan één organisatie. Kies voor welke u nu werkt; u kunt later wisselen.
}
role-agent = Medewerker
role-team-lead = Teamleider
role-admin = Functioneel beheerder

password-title = Wachtwoord wijzigen
password-intro = { $tone ->
    [je] Kies een wachtwoord dat je nergens anders gebruikt.
   *[u] Kies een wachtwoord dat u nergens anders gebruikt.
}
field-current-password = Huidig wachtwoord
field-new-password = Nieuw wachtwoord
field-new-password-description = Minstens 12 tekens.
field-repeat-password = Herhaal het nieuwe wachtwoord
password-submit = Wachtwoord wijzigen

conversation-title = Gesprek
conversation-messages = Berichten
inbox-title = Gesprekken
inbox-caption = Gesprekken die op antwoord wachten, het langst wachtende eerst
inbox-empty = Er wachten geen gesprekken.
col-resident = Inwoner
col-last-message = Laatste bericht
col-waiting = Wacht sinds
col-status = Status
col-assignee = Behandelaar
unread = nieuw
unassigned = Nog niemand
status-open = Open
status-pending = Wacht op inwoner
status-snoozed = Gepauzeerd
status-resolved = Afgehandeld

# Signing in (wired to accounts)
nav-two-factor = Tweestapsverificatie
signed-out = U bent uitgelogd.
sign-in-locked = Te vaak een verkeerde code of wachtwoord. Wacht een kwartier en probeer het dan opnieuw.
two-factor-failed = Deze code klopt niet of is al gebruikt. Probeer de code die de app nu toont, of een herstelcode.
enrol-failed = Die code klopte niet. Er is een nieuwe sleutel gemaakt: scan de QR-code opnieuw.
enrol-done = Tweestapsverificatie staat aan.
enrol-continue = Verder naar Loket
password-changed = Het wachtwoord is gewijzigd.
password-wrong-current = Het huidige wachtwoord klopt niet.
password-weak = Het nieuwe wachtwoord moet minstens 12 tekens lang zijn.
password-mismatch = De twee nieuwe wachtwoorden zijn niet gelijk.
refused-title = Verzoek geweigerd
refused-intro = Dit formulier kwam niet van een pagina van Loket, of de pagina was verouderd. Er is niets gewijzigd. Open de pagina opnieuw en probeer het nog eens.
refused-back = Terug naar Loket
resident-unknown = Onbekende inwoner

# Composer and starting a conversation (composer part)
composer-heading = Antwoorden
composer-mode-note = Interne notitie
composer-mode-note-hint = Een notitie zien alleen collega's; de inwoner krijgt hem nooit.
composer-text = Bericht
composer-text-hint = { $tone ->
    [je] Ctrl+Enter (op een Mac Cmd+Enter) verstuurt. Je concept blijft bewaard tot het verstuurd is.
   *[u] Ctrl+Enter (op een Mac Cmd+Enter) verstuurt. Uw concept blijft bewaard tot het verstuurd is.
}
composer-files = Bijlagen
composer-files-hint = { $tone ->
    [je] Foto's, video, geluid of documenten, ten hoogste 10. Je kunt bestanden ook hierheen slepen of plakken.
   *[u] Foto's, video, geluid of documenten, ten hoogste 10. U kunt bestanden ook hierheen slepen of plakken.
}
composer-send = Versturen
composer-empty = Schrijf een bericht of kies een bijlage.
composer-mention = Collega noemen (@)
composer-mention-legend = Welke collega krijgt een melding van deze notitie?
composer-window-closed = Het 24-uursvenster is gesloten: de inwoner schreef meer dan 24 uur geleden voor het laatst. Stuur een goedgekeurd sjabloon om het gesprek te heropenen.
composer-not-found = Dit gesprek of bericht bestaat niet (meer).
composer-failed = Versturen is niet gelukt. Probeer het later opnieuw.
composer-template = Sjabloon
composer-template-choose = Kies een sjabloon
composer-template-missing = Kies eerst een sjabloon.
composer-param = Waarde voor
composer-preview = Zo leest de inwoner het bericht
composer-preview-update = Voorbeeld bijwerken
composer-template-send = Sjabloon versturen
start-title = Gesprek beginnen
start-link = Gesprek beginnen
start-intro = Stuur een inwoner die om een terugbelverzoek vroeg een goedgekeurd sjabloon via WhatsApp.
start-phone = Telefoonnummer van de inwoner
start-phone-hint = Met landcode, bijvoorbeeld +31 6 12345678. Een nummer dat met 0 begint, krijgt +31.
start-phone-invalid = Dit is geen geldig telefoonnummer. Gebruik de landcode en 8 tot 15 cijfers, bijvoorbeeld +31 6 12345678.
start-opt-in = De inwoner heeft toestemming gegeven om via dit kanaal benaderd te worden.
start-opt-in-missing = Bevestig dat de inwoner toestemming heeft gegeven.
start-send = Gesprek beginnen
start-no-templates = Er zijn geen goedgekeurde sjablonen. Synchroniseer de sjablonen bij de beheerpagina's.
