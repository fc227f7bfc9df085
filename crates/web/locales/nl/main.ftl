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

# Part `inbox`: the inbox list, notifications, bulk actions and search (issue 9)
inbox-views = Weergaven
inbox-view-mine = Mijn gesprekken
inbox-view-unassigned = Niet toegewezen
inbox-view-teams = Mijn teams
inbox-view-all = Alle
inbox-filter-status = Status
inbox-filter-channel = Kanaal
inbox-filter-team = Team
inbox-filter-label = Label
inbox-filter-apply = Filter toepassen
inbox-status-active = Open en wacht op inwoner
inbox-status-any = Alle statussen
inbox-any-team = Alle teams
inbox-any-channel = Alle kanalen
inbox-col-select = Kies
inbox-col-channel = Kanaal
inbox-col-labels = Labels
inbox-col-window = Antwoordvenster
inbox-select-row = Kies het gesprek met { $resident }
inbox-minutes = { $n } min
inbox-hours = { $n } u
inbox-days = { $n } d
inbox-window-left = nog { $left }
inbox-window-closed = gesloten: alleen sjablonen
inbox-paging = Pagina's
inbox-first-page = Eerste pagina
inbox-next-page = Volgende
inbox-notify-on = Meldingen en geluid aanzetten
inbox-notify-off = Meldingen en geluid uitzetten
inbox-notify-title = Nieuw gesprek
inbox-notify-body = Een inwoner begon een gesprek via
inbox-bulk-legend = Kies gesprekken en doe in één keer
inbox-bulk-action = Actie
inbox-bulk-me = Aan mij toewijzen
inbox-bulk-team = Aan een team toewijzen
inbox-bulk-resolve = Afhandelen
inbox-bulk-label = Label toevoegen
inbox-bulk-selected = Voor gekozen gesprekken
inbox-bulk-page = Voor alle gesprekken op deze pagina
inbox-bulk-changed = { $n } gesprekken gewijzigd.
inbox-bulk-skipped = { $n } overgeslagen (niet gevonden of niet toegestaan).
search-title = Zoeken
search-label = Zoek een gesprek
search-hint = Op naam, telefoonnummer, gebruikersnaam of gespreksnummer.
search-submit = Zoeken
search-count = { $n } gevonden
# Part convo: the conversation view (timeline, content types, notes, delivery)
convo-empty = Nog geen berichten.
convo-earlier = Eerdere berichten
convo-newest = Naar de nieuwste berichten
convo-new-resident-message = Nieuw bericht van de inwoner.
convo-from-resident = Inwoner
convo-from-agent = Medewerker
convo-from-bot = Bot
convo-from-api = Koppeling (API)
convo-reacted-resident = inwoner
convo-reacted-agent = medewerker
convo-reactions = Reacties
convo-quote = Antwoord op
convo-quote-unknown = Antwoord op een eerder bericht
convo-edited = bewerkt
convo-revoked = Dit bericht is door de inwoner verwijderd.
convo-unsupported = Dit soort bericht ({ $kind }) kan Loket niet tonen.
convo-unreadable = Dit bericht was onleesbaar.
convo-media-pending = De bijlage wordt nog opgehaald.
convo-media-failed = De bijlage kon niet worden opgehaald.
convo-media-download = Downloaden
convo-image = Afbeelding van de inwoner
convo-image-enlarge = Afbeelding groot openen
convo-sticker = Sticker
convo-voice = Spraakbericht
convo-audio = Geluidsfragment
convo-document = document
convo-location = Locatie
convo-location-map = Bekijk op OpenStreetMap
convo-location-unknown = Locatie zonder geldige coördinaten
convo-contacts = Gedeelde contactpersonen
convo-contact-unnamed = Naamloos contact
convo-status-queued = In de wachtrij
convo-status-uncertain = Onzeker of het is verstuurd
convo-status-sent = ✓ Verstuurd
convo-status-delivered = ✓✓ Afgeleverd
convo-status-read = ✓✓ Gelezen
convo-status-played = ✓✓ Afgespeeld
convo-status-failed = Mislukt
convo-retry = Opnieuw versturen
convo-note-label = Interne notitie
convo-former-colleague = Oud-collega
convo-nobody = niemand
convo-event-created = Gesprek gestart
convo-event-reopened = Gesprek heropend
convo-event-status = Status gewijzigd naar: { $status }
convo-event-assigned = Toegewezen aan { $name }
convo-event-team = Team gewijzigd
convo-event-label-added = Label toegevoegd: { $label }
convo-event-label-removed = Label verwijderd: { $label }
convo-event-priority = Prioriteit: { $priority }
convo-event-snoozed = Gepauzeerd tot { $until }
convo-priority-low = laag
convo-priority-normal = normaal
convo-priority-high = hoog
convo-priority-urgent = spoed
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
composer-param = Waarde voor { $name }
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
