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

# Part "actions": the side panel (resident, actions), /admin/labels, keyboard shortcuts
side-resident = Inwoner
side-name = Naam
side-name-hint = Leeg laten: de naam uit het WhatsApp-profiel.
side-identity-phone = Telefoonnummer
side-identity-username = Gebruikersnaam
side-notes = Notities over de inwoner
side-save = Opslaan
side-blocked = Deze afzender is geblokkeerd: nieuwe berichten worden bewaard, maar openen geen gesprek en komen niet in de wachtrij.
side-block = Afzender blokkeren
side-unblock = Blokkade opheffen
side-other-conversations = Andere gesprekken
side-no-other-conversations = Geen andere gesprekken.
side-actions = Acties
side-queue = Wachtrij
side-assignee = Behandelaar
side-team = Team
side-nobody = Niemand
side-no-team = Geen team
side-me = Ik
side-assign = Toewijzen
side-assign-me = Aan mij toewijzen
side-status = Status
side-snoozed-until = Gepauzeerd tot
side-set-status = Status wijzigen
side-resolve = Afhandelen
side-labels = Labels
side-labels-save = Labels opslaan
side-no-labels = Er zijn nog geen labels. Een beheerder voegt ze toe onder Labels.
side-priority = Prioriteit
side-set-priority = Prioriteit wijzigen
priority-low = Laag
priority-normal = Normaal
priority-high = Hoog
priority-urgent = Urgent
side-problem-title = Niet gewijzigd
side-problem-back = Terug naar het gesprek
side-problem-assignee = Deze behandelaar hoort niet bij deze organisatie.
side-problem-team = Dit team hoort niet bij deze organisatie.
side-problem-labels = Kies alleen labels uit de lijst van de organisatie.
side-problem-snooze = Kies een datum en tijd in de toekomst om het gesprek te pauzeren.
side-problem-status = Deze status bestaat niet.
side-problem-priority = Deze prioriteit bestaat niet.
side-problem-name = De naam mag hoogstens 100 tekens lang zijn.
side-problem-notes = De notities mogen hoogstens 2000 tekens lang zijn.
side-problem-other = Dit lukte niet. Probeer het opnieuw.
labels-title = Labels
labels-intro = Eén lijst labels voor de hele organisatie. Gesprekken krijgen alleen labels uit deze lijst. Een uitgezet label blijft op de gesprekken die het al hebben.
labels-caption = De labels van de organisatie, per groep
labels-slug = Code
labels-slug-hint = Kleine letters, cijfers en streepjes, bijvoorbeeld paspoort-aanvragen.
labels-name = Naam
labels-group = Groep
labels-active = In gebruik
labels-add = Label toevoegen
labels-save = Opslaan
labels-yes = Ja
labels-no = Nee
labels-deactivate = Uitzetten
labels-activate = Weer aanzetten
labels-problem = Controleer de code (kleine letters, cijfers, streepjes), de naam en de groep (1 tot 100 tekens).
labels-saved = Opgeslagen.
labels-refused = Alleen een beheerder van de organisatie kan labels wijzigen.
nav-labels = Labels
keys-title = Sneltoetsen
keys-intro = Deze toetsen werken als de cursor niet in een tekstveld staat.
keys-next = Volgend gesprek
keys-previous = Vorig gesprek
keys-assign-me = Aan mij toewijzen
keys-reply = Antwoorden
keys-note = Interne notitie
keys-resolve = Afhandelen
keys-search = Zoeken
keys-help = Deze hulp tonen
keys-close = Sluiten
