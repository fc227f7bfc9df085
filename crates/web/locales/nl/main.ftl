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
role-back-office = Backoffice
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
inbox-view-sla = SLA-risico
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
sla-heading = Termijnen
sla-first-response = Eerste reactie binnen { $time } werkuur
sla-resolution = Antwoord binnen { $time } werkuur
sla-warning = Let op:
sla-first-response-breached = Eerste reactie te laat: { $time } werkuur over de termijn
sla-resolution-breached = Antwoord te laat: { $time } werkuur over de termijn
sla-first-response-paused = Eerste reactie gepauzeerd: nog { $time } werkuur
sla-resolution-paused = Antwoord gepauzeerd: nog { $time } werkuur
sla-escalated = Geëscaleerd naar de teamleider
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
search-label = Zoek een gesprek of bericht
search-hint = Op naam, telefoonnummer, gebruikersnaam, gespreksnummer of woorden uit berichten.
search-submit = Zoeken
search-count = { $n } gevonden
search-messages-title = Berichten
search-messages-count = { $n } gevonden, nieuwste eerst
search-filters = Berichten filteren
search-filter-from = Verzonden vanaf
search-filter-until = Verzonden tot en met
search-any-label = Alle labels
search-paging = Meer berichten
search-newest-page = Nieuwste berichten
search-older-page = Oudere berichten
# Part convo: the conversation view (timeline, content types, notes, delivery)
convo-empty = Nog geen berichten.
convo-earlier = Eerdere berichten
convo-newest = Naar de nieuwste berichten
convo-new-resident-message = Nieuw bericht van de inwoner.
convo-from-resident = Inwoner
convo-from-agent = Medewerker
convo-from-bot = Bot
convo-from-system = Automatisch bericht
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
composer-replies-hint = Typ / voor een snel antwoord; pijltjes kiezen, Enter voegt in, Escape sluit.
composer-replies-label = Snelle antwoorden
composer-replies-count = snelle antwoorden gevonden
composer-replies-none = Geen snel antwoord gevonden.
composer-replies-missing = Nog invullen:
composer-kb-label = Kennisbank
composer-kb-hint = Zoek een antwoord, bijvoorbeeld met de woorden van de inwoner. Invoegen zet het korte antwoord in het antwoordvak.
composer-kb-insert = Invoegen
composer-kb-helpful = Dit beantwoordde de vraag
composer-kb-thanks = Bedankt, doorgegeven aan de redactie
composer-kb-count = artikelen gevonden
composer-kb-none = Geen artikel gevonden.
composer-kb-not-helpful = Hielp niet
composer-kb-comment = Wat ontbrak er? (niet verplicht)
composer-kb-comment-hint = Voor de redactie van de kennisbank, ten hoogste 1000 tekens. Een BSN of rekeningnummer wordt weggehaald.
composer-kb-send-feedback = Doorgeven
composer-kb-noted = Bedankt, de redactie kijkt ernaar
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
# Part admin: admin pages, operator pages, accessibility statement
nav-admin = Beheer
nav-operator = Platformbeheer
footer-accessibility = Toegankelijkheidsverklaring
forbidden-title = Geen toegang
forbidden-intro = { $tone ->
    [je] Deze pagina is alleen voor beheerders. Vraag een beheerder van je organisatie als je hier iets nodig hebt.
   *[u] Deze pagina is alleen voor beheerders. Vraag een beheerder van uw organisatie als u hier iets nodig hebt.
}
admin-nav = Beheer
admin-labels-link = Labels
admin-channels-title = Kanalen
admin-channels-config = De kanalen staan in het configuratiebestand van Loket. Hier ziet u ze alleen; wijzigen gaat via de configuratie.
admin-channels-heading = Kanalen van de organisatie
admin-channels-empty = Er zijn nog geen kanalen.
admin-webhook-heading = Webhook-adres voor Meta
admin-webhook-intro = Vul dit adres in bij de WhatsApp-instellingen van de Meta-app (Callback URL):
admin-webhook-unset = Het openbare adres van Loket (server.public_url) is niet ingesteld. Het webhook-adres is dat adres gevolgd door /webhooks/whatsapp.
admin-verify-token-hint = Het verify token staat bij de Meta-app in het configuratiebestand (verify_token). Het wordt hier niet getoond; neem het van daar over in de Meta-instellingen.
admin-channel-kind = Soort
admin-channel-number = Telefoonnummer
admin-channel-app = Meta-app
admin-channel-status = Status
admin-channel-enabled = Actief
admin-channel-disabled = Uitgeschakeld
admin-channel-attention = Aandacht nodig
admin-channel-hours = Openingstijden
admin-hours-always = Altijd open: er zijn geen openingstijden ingesteld.
admin-hours-closed = gesloten
admin-hours-monday = maandag
admin-hours-tuesday = dinsdag
admin-hours-wednesday = woensdag
admin-hours-thursday = donderdag
admin-hours-friday = vrijdag
admin-hours-saturday = zaterdag
admin-hours-sunday = zondag
admin-hours-holidays = Gesloten op de officiële feestdagen
admin-hours-holidays-open = Open op feestdagen
admin-hours-good-friday = ook op Goede Vrijdag
admin-hours-liberation-yearly = Bevrijdingsdag elk jaar
admin-hours-liberation-lustrum = Bevrijdingsdag eens per vijf jaar
admin-hours-closure = Gesloten
admin-hours-more-closures = en nog { $n } sluitingen
admin-hours-receipt = Ontvangstbevestiging buiten openingstijden
admin-hours-greeting = Begroeting bij een nieuw gesprek
admin-hours-on = aan
admin-hours-off = uit
admin-hours-follow-up = Vervolgbericht na een verlopen venster: sjabloon { $name }
admin-channel-managed = Beheerd in
admin-channel-managed-config = Configuratiebestand (alleen lezen)
admin-managed-here = Deze pagina's
admin-test-connection = Verbinding testen
admin-test-connected = De verbinding werkt: Meta kent dit nummer en accepteert het toegangstoken.
admin-test-token = Meta weigert het toegangstoken. Maak een nieuw token aan en zet het in de configuratie.
admin-test-number = Meta kent dit telefoonnummer-ID niet, of het token mag het niet lezen. Controleer het ID en de rechten van het token.
admin-test-unreachable = Meta was niet bereikbaar. Probeer het later opnieuw of controleer de netwerkverbinding van de server.
admin-test-incomplete = Dit kanaal mist een instelling (Meta-app, token of ID). Vul de configuratie aan.
admin-test-failed = Meta gaf een onverwachte fout. Kijk in het serverlogboek voor de foutcode.
channel-kind-whatsapp = WhatsApp
channel-kind-webchat = Webchat
channel-kind-messenger = Messenger
channel-kind-instagram = Instagram
channel-kind-email = E-mail
admin-users-title = Gebruikers
admin-users-caption = Medewerkers van deze organisatie
admin-user-title = Gebruiker
admin-col-name = Naam
admin-col-email = E-mailadres
admin-col-role = Rol
admin-col-access = Toegang
admin-col-slug = Korte naam
admin-col-managed = Beheerd in
admin-col-language = Taal
admin-col-category = Categorie
admin-active = Actief
admin-disabled = Geblokkeerd
admin-yes = Ja
admin-no = Nee
admin-invite-heading = Iemand uitnodigen
admin-invite-intro = Heeft deze persoon al een account (bij een andere organisatie), dan krijgt die alleen toegang tot deze organisatie. Anders maakt Loket een account met een eenmalig wachtwoord, dat u één keer ziet.
admin-invite-submit = Uitnodigen
admin-password-title = Eenmalig wachtwoord
admin-password-intro = Geef dit wachtwoord veilig door. Het wordt maar één keer getoond. Na het inloggen kan de gebruiker het zelf wijzigen.
admin-password-label = Wachtwoord
admin-password-done = Ik heb het wachtwoord doorgegeven
admin-role-heading = Rol wijzigen
admin-role-submit = Rol opslaan
admin-access-heading = Toegang
admin-access-intro = Blokkeren, een nieuw wachtwoord of het opnieuw instellen van tweestapsverificatie beëindigt alle sessies van deze gebruiker meteen.
admin-disable = Blokkeren
admin-enable = Deblokkeren
admin-reset-password = Nieuw wachtwoord maken
admin-reset-two-factor = Tweestapsverificatie opnieuw instellen
admin-done-added = De gebruiker heeft nu toegang tot deze organisatie.
admin-done-role = De rol is gewijzigd.
admin-done-disabled = De gebruiker is geblokkeerd en overal uitgelogd.
admin-done-enabled = De gebruiker kan weer inloggen.
admin-done-two-factor = Tweestapsverificatie is gewist; de gebruiker stelt die bij het volgende inloggen opnieuw in.
admin-problem-shared = Deze gebruiker werkt ook voor een andere organisatie of beheert het platform. Vraag de platformbeheerder om dit te wijzigen.
admin-problem-yourself = U kunt uzelf niet blokkeren.
admin-problem-declared = Dit team staat in het configuratiebestand en wordt daar gewijzigd.
admin-problem-conflict = Dit kan niet: de naam of het adres is al in gebruik.
admin-problem-invalid = Niet alle velden zijn goed ingevuld. Controleer ze en probeer het opnieuw.
admin-problem-sync = Synchroniseren is mislukt: Meta was niet bereikbaar of weigerde. Probeer het later opnieuw.
admin-teams-title = Teams
admin-teams-caption = Teams van deze organisatie
admin-team-title = Team
admin-team-new-heading = Nieuw team
admin-slug-description = Kleine letters, cijfers en streepjes, bijvoorbeeld burgerzaken.
admin-team-create = Team maken
admin-team-declared = Dit team staat in het configuratiebestand. Naam en leden wijzigt u daar.
admin-team-members = Leden
admin-team-no-members = Dit team heeft nog geen leden.
admin-team-remove = Uit team halen
admin-team-add-label = Medewerker toevoegen
admin-team-add = Toevoegen
admin-team-rename-heading = Naam wijzigen
admin-team-rename = Naam opslaan
admin-team-back = Terug naar de teams
admin-done-team-created = Het team is gemaakt.
admin-done-team-renamed = De naam is gewijzigd.
admin-done-team-members = De leden zijn bijgewerkt.
admin-replies-title = Snelle antwoorden
admin-replies-intro = Vaste teksten die medewerkers in het antwoordvak invoegen door een schuine streep en de afkorting te typen, bijvoorbeeld /paspoort. Variabelen worden voor het gesprek ingevuld.
admin-replies-caption = Snelle antwoorden van deze organisatie
admin-replies-empty = Er zijn nog geen snelle antwoorden.
admin-reply-title = Snel antwoord
admin-reply-new-heading = Nieuw snel antwoord
admin-reply-col-shortcut = Afkorting
admin-reply-col-title = Titel
admin-reply-col-team = Team
admin-reply-everyone = Iedereen
admin-reply-shortcut-description = Kleine letters, cijfers en streepjes, ten hoogste 32. In het antwoordvak typt een medewerker er een schuine streep voor.
admin-reply-text = Tekst
admin-reply-text-description = Ten hoogste 4096 tekens. Deze variabelen worden voor het gesprek ingevuld:
admin-reply-team-description = De leden van dit team zien het antwoord bovenaan; iedereen kan het gebruiken.
admin-reply-create = Snel antwoord maken
admin-reply-save = Opslaan
admin-reply-delete = Verwijderen
admin-reply-back = Terug naar de snelle antwoorden
admin-done-reply-created = Het snelle antwoord is gemaakt.
admin-done-reply-saved = Het snelle antwoord is opgeslagen.
admin-done-reply-deleted = Het snelle antwoord is verwijderd.
admin-problem-reply-taken = Deze afkorting is al in gebruik. Kies een andere afkorting.
admin-problem-reply-shortcut = De afkorting mag alleen kleine letters, cijfers en streepjes bevatten, ten hoogste 32.
admin-problem-reply-title = Vul een titel in van ten hoogste 100 tekens.
admin-problem-reply-text = Vul een tekst in van ten hoogste 4096 tekens.
admin-problem-reply-variable = De tekst bevat een onbekende variabele. Gebruik alleen de variabelen die bij het tekstveld staan.
admin-problem-reply-team = Kies een team van deze organisatie, of iedereen.
admin-kb-title = Kennisbank
admin-kb-intro = Artikelen met antwoorden op vragen van inwoners. Medewerkers zoeken ze vanuit het antwoordvak. Een geïmporteerd artikel dat u hier wijzigt, wordt bij een volgende import niet overschreven.
admin-kb-search = Zoeken in de kennisbank
admin-kb-search-button = Zoeken
admin-kb-empty = Er zijn nog geen artikelen.
admin-kb-none-found = Geen artikel gevonden.
admin-kb-caption = Artikelen van deze organisatie
admin-kb-caption-found = Gevonden artikelen, beste eerst
admin-kb-col-origin = Herkomst
admin-kb-imported = Geïmporteerd
admin-kb-own = Eigen artikel
admin-kb-new-heading = Nieuw artikel
admin-kb-article-title = Kennisbankartikel
admin-kb-imported-note = Geïmporteerd, met bron-id
admin-kb-field-title = Titel of vraag
admin-kb-field-body = Tekst
admin-kb-body-description = In Markdown: **vet**, lijstjes met een streepje, koppen met #.
admin-kb-field-je = Kort antwoord (je-vorm)
admin-kb-field-u = Kort antwoord (u-vorm)
admin-kb-short-description = Het antwoord dat een medewerker in het antwoordvak invoegt, ten hoogste 4096 tekens. De vorm die bij de organisatie past wordt gekozen.
admin-kb-field-tags = Trefwoorden
admin-kb-tags-description = Gescheiden door komma's.
admin-kb-field-department = Afdeling
admin-kb-field-review = Controleren op
admin-kb-field-source = Bron (webadres)
admin-kb-create = Artikel maken
admin-kb-save = Opslaan
admin-kb-delete = Verwijderen
admin-kb-back = Terug naar de kennisbank
admin-done-kb-created = Het artikel is gemaakt.
admin-done-kb-saved = Het artikel is opgeslagen.
admin-done-kb-deleted = Het artikel is verwijderd.
admin-problem-kb-title = Vul een titel in van ten hoogste 300 tekens.
admin-problem-kb-body = De tekst is te lang (ten hoogste 100.000 tekens).
admin-problem-kb-short-answer = Een kort antwoord heeft ten hoogste 4096 tekens.
admin-problem-kb-tags = Ten hoogste 30 trefwoorden van elk ten hoogste 80 tekens.
admin-problem-kb-url = De bron moet een webadres zijn dat begint met https:// of http://.
admin-problem-kb-date = Vul de controledatum in als jjjj-mm-dd, of laat hem leeg.
admin-kb-synonyms-link = Synoniemen van de kennisbank
admin-kb-col-helped = Hielp
admin-kb-col-not-helped = Hielp niet
admin-kb-feedback-heading = Feedback van medewerkers
admin-kb-feedback-empty = Nog geen feedback op dit artikel.
admin-kb-feedback-caption = De nieuwste feedback op dit artikel
admin-kb-feedback-when = Wanneer
admin-kb-feedback-who = Wie
admin-kb-feedback-verdict = Oordeel
admin-kb-feedback-comment = Opmerking
admin-kb-feedback-conversation = Gesprek
admin-kb-feedback-helped = Beantwoordde de vraag
admin-kb-feedback-not-helped = Hielp niet
admin-kb-feedback-open = Gesprek openen
admin-kb-feedback-gone = Bestaat niet meer
admin-kb-feedback-unknown = Onbekende medewerker
admin-kb-syn-title = Synoniemen van de kennisbank
admin-kb-syn-intro = { $tone ->
    [je] Eigen woorden van je organisatie die elkaar moeten vinden bij het zoeken in de kennisbank, naast de ingebouwde lijst van Loket. Na opslaan zoekt iedereen er meteen mee.
   *[u] Eigen woorden van uw organisatie die elkaar moeten vinden bij het zoeken in de kennisbank, naast de ingebouwde lijst van Loket. Na opslaan zoekt iedereen er meteen mee.
}
admin-kb-syn-format-heading = { $tone ->
    [je] Zo schrijf je de lijst
   *[u] Zo schrijft u de lijst
}
admin-kb-syn-format-group = Eén groep per regel, woorden of woordgroepen gescheiden door komma's. Elk woord van de groep vindt de andere:
admin-kb-syn-format-oneway = Met => werkt het één kant op: de woorden links vinden ook die rechts, maar niet andersom:
admin-kb-syn-format-comment = Een regel die met # begint is een opmerking en telt niet mee:
admin-kb-syn-format-folding = Hoofdletters, accenten en streepjes maken niet uit, en woorden vinden ook hun vervoegingen (ID-kaart is id kaart, aanvragen vindt aanvraag).
admin-kb-syn-format-limits = Ten hoogste 5000 regels en 100.000 tekens; een woordgroep heeft ten hoogste 6 woorden.
admin-kb-syn-example-group = milieustraat, afvalbrengpunt, milieupark
admin-kb-syn-example-oneway = frankrijk, spanje => buitenland
admin-kb-syn-example-comment = # Afval en milieu
admin-kb-syn-field = Eigen synoniemen
admin-kb-syn-saved-at = Laatst opgeslagen op { $n }.
admin-kb-syn-never-saved = Nog niet opgeslagen: alleen de ingebouwde lijst wordt gebruikt.
admin-kb-syn-try-heading = Probeer een vraag
admin-kb-syn-try-label = Vraag
admin-kb-syn-try-description = Laat zien welke woorden een vraag ook vindt, met de opgeslagen lijsten en de woorden van de kennisbank.
admin-kb-syn-try-button = Probeer
admin-kb-syn-try-nothing = In deze vraag staat niets om op te zoeken.
admin-kb-syn-try-stop = telt alleen mee als er verder niets gevraagd wordt
admin-kb-syn-try-only = Vindt alleen zichzelf.
admin-kb-syn-try-finds = Vindt ook:
admin-kb-syn-built-in = De ingebouwde lijst van Loket
admin-kb-syn-refused = De lijst is niet opgeslagen. Verbeter de regels hieronder.
admin-kb-syn-line = Regel { $n }
admin-kb-syn-problem-too-long = De lijst is te lang (ten hoogste 100.000 tekens).
admin-kb-syn-problem-lines = De lijst heeft meer dan 5000 regels.
admin-kb-syn-problem-single = een groep heeft ten minste twee woorden of woordgroepen nodig, gescheiden door komma's.
admin-kb-syn-problem-empty = een lege woordgroep (twee komma's achter elkaar, of een komma aan het begin of eind).
admin-kb-syn-problem-phrase = een woordgroep heeft meer dan 6 woorden.
admin-kb-syn-problem-arrows = meer dan één =>.
admin-done-kb-synonyms = De synoniemen zijn opgeslagen. De kennisbank zoekt er nu mee.
admin-templates-title = Sjablonen
admin-templates-intro = Sjablonen maakt u in WhatsApp Manager; Meta keurt ze goed. Synchroniseren haalt de actuele lijst en status op.
admin-templates-sync = Synchroniseren
admin-templates-synced = De sjablonen zijn gesynchroniseerd.
admin-templates-empty = Er zijn nog geen sjablonen. Synchroniseer om ze op te halen.
admin-templates-caption = Sjablonen van deze organisatie
template-status-approved = Goedgekeurd
template-status-pending = In beoordeling
template-status-rejected = Afgewezen
template-status-paused = Gepauzeerd
template-status-disabled = Uitgeschakeld
operator-nav = Platformbeheer
operator-apps-title = Meta-apps
operator-apps-intro = De Meta-apps uit het configuratiebestand. Geheimen en verify tokens worden nooit getoond.
operator-apps-empty = Er zijn geen Meta-apps ingesteld.
operator-apps-caption = Ingestelde Meta-apps
operator-col-graph = Graph API-adres
operator-unrouted-title = Niet-bezorgde webhooks
operator-unrouted-intro = Webhooks voor een nummer of account dat (nog) bij geen kanaal hoort. Zodra een kanaal het adres heeft, kunt u ze opnieuw verwerken.
operator-unrouted-empty = Er wachten geen webhooks.
operator-unrouted-caption = Webhooks zonder kanaal, de oudste eerst
operator-col-received = Ontvangen
operator-col-address = Adres (nummer- of account-ID)
operator-col-kind = Soort
operator-col-replay = Opnieuw verwerken
operator-kind-message = Bericht
operator-kind-status = Afleverstatus
operator-kind-template = Sjabloonstatus
operator-kind-error = Foutmelding
operator-kind-other = Overig
operator-unreadable = onleesbaar
operator-replay = Opnieuw verwerken
operator-replayed = Opnieuw verwerkt:
operator-paging = Pagina's
operator-previous = Vorige pagina
operator-next = Volgende pagina
a11y-title = Toegankelijkheidsverklaring
a11y-intro = Loket wil voor iedereen bruikbaar zijn, ook voor medewerkers die een schermlezer, vergroting of alleen het toetsenbord gebruiken. Deze verklaring geldt voor de webpagina's van Loket.
a11y-intro-organisation = { $organisation } wil dat Loket voor iedereen bruikbaar is, ook voor medewerkers die een schermlezer, vergroting of alleen het toetsenbord gebruiken. Deze verklaring geldt voor de webpagina's van Loket van { $organisation }.
a11y-status-heading = Status
a11y-status = Loket streeft naar volledige naleving van WCAG 2.1 niveau AA (EN 301 549), de norm die het Besluit digitale toegankelijkheid overheid voorschrijft. Loket voldoet gedeeltelijk: zie de bekende beperkingen hieronder.
a11y-tested-heading = Hoe wij testen
a11y-tested-axe = Elke pagina wordt bij elke wijziging automatisch getoetst met axe-core op de regels van WCAG 2.1 A en AA; een gevonden fout houdt de wijziging tegen.
a11y-tested-keyboard = Browsertests bedienen de pagina's alleen met het toetsenbord: de navigatie, formulieren en knoppen zijn bereikbaar met Tab en de focus is zichtbaar.
a11y-tested-nojs = Alle formulieren werken ook zonder JavaScript.
a11y-tested-design = De pagina's gebruiken de componenten van NL Design System en controleren het contrast van de huisstijlkleur van de organisatie.
a11y-limits-heading = Bekende beperkingen
a11y-limit-media = Foto's, video's en spraakberichten die inwoners sturen, hebben geen tekstalternatief of ondertiteling: die maakt de afzender niet.
a11y-limit-manual = Er is nog geen volledig handmatig onderzoek door een onafhankelijke partij gedaan.
a11y-limit-live = Nieuwe berichten verschijnen live; niet elke schermlezer meldt dat al even duidelijk.
a11y-feedback-heading = Feedback en contact
a11y-feedback = { $tone ->
    [je] Loop je tegen een toegankelijkheidsprobleem aan? Meld het bij de functioneel beheerder van je organisatie. Je krijgt binnen vijf werkdagen een reactie.
   *[u] Loopt u tegen een toegankelijkheidsprobleem aan? Meld het bij de functioneel beheerder van uw organisatie. U krijgt binnen vijf werkdagen een reactie.
}
a11y-enforcement-heading = Handhavingsprocedure
a11y-enforcement = { $tone ->
    [je] Ben je niet tevreden met de reactie? Dan kun je contact opnemen met de Nationale ombudsman.
   *[u] Bent u niet tevreden met de reactie? Dan kunt u contact opnemen met de Nationale ombudsman.
}

# Integration: the timeline shows blocking (convo × actions)
convo-event-blocked = { $name } heeft de afzender geblokkeerd
convo-event-unblocked = { $name } heeft de blokkering van de afzender opgeheven
convo-event-hold-set = { $name } heeft een juridische bewaarplicht ingesteld
convo-event-hold-lifted = { $name } heeft de juridische bewaarplicht opgeheven
convo-event-transfer-marked = { $name } heeft het gesprek gemarkeerd voor overdracht aan het zaaksysteem
convo-event-transfer-unmarked = { $name } heeft de markering voor overdracht weggehaald
convo-event-transferred = { $name } heeft vastgelegd dat het gesprek is overgedragen aan het zaaksysteem

# A note naming the signed-in user (live pages).
mention-notice = { $tone ->
    [je] Een collega noemde je in een notitie.
   *[u] Een collega noemde u in een notitie.
}
mention-open = Open het gesprek
# Mentions (issue 9): the navigation's badge, /mentions, the @ listbox, image dialog, paging.
nav-mentions = Vermeldingen
nav-mentions-unread = ongelezen
mentions-title = Vermeldingen
mentions-intro = { $tone ->
    [je] Notities waarin een collega je noemde, de nieuwste eerst. Open je het gesprek, dan tellen ze als gelezen.
   *[u] Notities waarin een collega u noemde, de nieuwste eerst. Opent u het gesprek, dan tellen ze als gelezen.
}
mentions-empty = { $tone ->
    [je] Nog niemand noemde je in een notitie.
   *[u] Nog niemand noemde u in een notitie.
}
mentions-caption = { $tone ->
    [je] Notities waarin een collega je noemde
   *[u] Notities waarin een collega u noemde
}
mentions-col-note = Notitie
mentions-col-author = Door
mentions-col-when = Wanneer
mentions-paging = Bladeren door vermeldingen
mentions-newest = Nieuwste vermeldingen
mentions-older = Oudere vermeldingen
mentions-resident-unknown = Inwoner (naam onbekend)
inbox-prev-page = Vorige
composer-mention-hint = Typ @ en een naam om een collega te noemen; pijltjes kiezen, Enter voegt in, Escape sluit.
composer-mention-label = Collega's om te noemen
composer-mention-count = collega's gevonden
composer-mention-none = Geen collega gevonden.
convo-image-dialog = Afbeelding, groot
convo-image-close = Sluiten
convo-image-full = Volledige afbeelding in een nieuw venster
# AVG rights per resident (issue 10 §5): /admin/residents/{id}.
admin-resident-title = Inwoner: inzage en verwijderen
admin-resident-no-name = (geen naam bekend)
admin-resident-identities = Nummer en kenmerken
admin-resident-conversations = Gesprekken van deze inwoner
admin-resident-channel = Kanaal
admin-resident-last-message = Laatste bericht
admin-resident-hold = Bewaarplicht
admin-resident-held = Ja, juridische bewaarplicht
admin-resident-not-held = Nee
admin-resident-export-heading = Inzageverzoek (AVG artikel 15)
admin-resident-export-intro = { $tone ->
    [je] Download alles wat Loket over deze inwoner bewaart: een ZIP-bestand met de gegevens (JSON), de bijlagen en een leesbaar verslag per gesprek. Controleer het voordat je het aan de inwoner geeft.
   *[u] Download alles wat Loket over deze inwoner bewaart: een ZIP-bestand met de gegevens (JSON), de bijlagen en een leesbaar verslag per gesprek. Controleer het voordat u het aan de inwoner geeft.
}
admin-resident-export = Gegevens downloaden (ZIP)
admin-resident-erase-heading = Verwijderverzoek (AVG artikel 17)
admin-resident-erase-intro = Verwijderen haalt de inwoner en alles over hen weg: gesprekken, berichten, notities, bijlagen en de ruwe berichten van het kanaal. Dit kan niet ongedaan worden gemaakt. Alleen in het auditlog blijft staan dat er verwijderd is.
admin-resident-erase-confirm = Ik begrijp dat dit niet ongedaan kan worden gemaakt
admin-resident-erase = Alle gegevens van deze inwoner verwijderen
admin-resident-problem-hold = Er is niets verwijderd: op minstens één gesprek van deze inwoner rust een juridische bewaarplicht. Zolang die geldt, moeten de gegevens bewaard blijven (AVG artikel 17, lid 3). Hef de bewaarplicht eerst op, of laat de inwoner weten waarom de gegevens bewaard blijven.
admin-resident-problem-confirm = { $tone ->
    [je] Er is niets verwijderd. Vink eerst aan dat je begrijpt dat verwijderen niet ongedaan kan worden gemaakt.
   *[u] Er is niets verwijderd. Vink eerst aan dat u begrijpt dat verwijderen niet ongedaan kan worden gemaakt.
}
admin-resident-problem-busy = De inwoner stuurde berichten tijdens het verwijderen. Probeer het opnieuw.
admin-resident-erased-title = Inwoner verwijderd
admin-resident-erased = Alle gegevens van de inwoner zijn verwijderd. Alleen in het auditlog staat nog dat er verwijderd is.
side-privacy-link = Inzage of verwijderen (AVG)
## The side panel's legal hold and transfer (issue 10, retention)
side-retention = Bewaren
side-hold-active = Juridische bewaarplicht: dit gesprek wordt niet verwijderd. Reden:
side-hold-lift = Bewaarplicht opheffen
side-hold-reason = Reden voor de bewaarplicht
side-hold-hint = { $tone ->
    [je] Zolang de bewaarplicht geldt, verwijdert Loket dit gesprek niet, ook niet op verzoek van de inwoner. Schrijf op waarom je het bewaart.
   *[u] Zolang de bewaarplicht geldt, verwijdert Loket dit gesprek niet, ook niet op verzoek van de inwoner. Schrijf op waarom u het bewaart.
}
side-hold-set = Bewaarplicht instellen
side-transfer-mark = Markeren voor overdracht naar het zaaksysteem
side-transfer-pending = Gemarkeerd voor overdracht: dit gesprek wordt pas verwijderd als het is overgedragen.
side-transfer-record = Overgedragen
side-transfer-unmark = Markering weghalen
side-transfer-done = Overgedragen naar het zaaksysteem.
side-problem-hold-reason = Een bewaarplicht heeft een reden nodig (hoogstens 500 tekens).
side-problem-role = Alleen een teamleider of beheerder kan dit doen.
side-problem-transfer = Dit gesprek is niet gemarkeerd voor overdracht.
# Audit log (admin)
audit-title = Auditlog
audit-intro = { $tone ->
    [je] Hier zie je wie welk gesprek heeft geopend of gewijzigd, wie een instelling aanpaste en wie zich aanmeldde, van nieuw naar oud. Het log bevat alleen kenmerken (id's), nooit berichten, namen of telefoonnummers.
   *[u] Hier ziet u wie welk gesprek heeft geopend of gewijzigd, wie een instelling aanpaste en wie zich aanmeldde, van nieuw naar oud. Het log bevat alleen kenmerken (id's), nooit berichten, namen of telefoonnummers.
}
audit-filter = Filteren
audit-actor = Wie
audit-actor-hint = Een gebruikers-id, token:… of system.
audit-action = Handeling
audit-any = Alle handelingen
audit-conversation = Gesprek-id
audit-from = Vanaf datum
audit-until = Tot en met datum
audit-apply = Filter toepassen
audit-invalid = Een filterwaarde is niet geldig: een gesprek-id heeft de vorm van een UUID en een datum de vorm jjjj-mm-dd.
audit-csv = Exporteren als CSV
audit-csv-cap = (hoogstens { $n } regels, de nieuwste eerst)
audit-empty = Geen handelingen gevonden.
audit-caption = Handelingen, de nieuwste eerst
audit-col-seq = Nr.
audit-col-at = Tijdstip
audit-col-target = Waarop
audit-col-ip = Adres
audit-col-result = Resultaat
audit-target-conversation = Gesprek
audit-target-message = bericht
audit-older = Oudere handelingen
audit-result-ok = Gelukt
audit-result-denied = Geweigerd
audit-result-failed = Mislukt
audit-action-conversation-opened = Gesprek geopend
audit-action-message-sent = Bericht verstuurd
audit-action-note-written = Notitie geschreven
audit-action-conversation-assigned = Gesprek toegewezen
audit-action-conversation-status-changed = Status gewijzigd
audit-action-conversation-labels-changed = Labels gewijzigd
audit-action-conversation-updated = Gesprek gewijzigd
audit-action-resident-opened = Inwoner opgezocht
audit-action-contact-request-opened = Contactverzoek geopend
audit-action-contact-request-created = Contactverzoek gemaakt
audit-action-contact-request-step = Stap in contactverzoek
audit-action-messages-searched = Berichten doorzocht
audit-action-session-second-factor = Tweede stap ingevoerd
audit-action-data-exported = Gegevens geëxporteerd
audit-action-data-erased = Gegevens gewist
audit-action-session-signed-in = Aangemeld
audit-action-session-sign-in-failed = Aanmelden mislukt
audit-action-setting-changed = Instelling gewijzigd
audit-action-audit-exported = Auditlog geëxporteerd
# Safety: links and attachments in residents' messages
convo-media-quarantined = De bijlage is in quarantaine gezet en wordt niet getoond: het bestandstype is niet toegestaan, de foto is onleesbaar of de virusscanner vond er iets schadelijks in.
convo-link-defanged = Link, niet aanklikbaar:
convo-link-domain = domein
convo-link-blocked = Let op: dit bericht bevat een link naar een domein dat bekendstaat als onveilig. Open die link niet en stuur hem niet door.
# Privacy (issue 10, mask): personal data in messages and replies
pii-kind-bsn = BSN
pii-kind-iban = IBAN (rekeningnummer)
pii-kind-phone = Telefoonnummer
pii-kind-email = E-mailadres
pii-kind-postcode = Postcode en huisnummer
pii-kind-date_of_birth = Geboortedatum
pii-kind-document_number = Documentnummer
pii-kind-licence_plate = Kenteken
findings-warning = Let op: dit bericht bevat persoonsgegevens
findings-masked = verwijderd uit het gesprek
findings-highlighted = staat in het bericht
composer-bsn-refused = { $tone ->
    [je] Dit bericht bevat een BSN. Een BSN mag niet via WhatsApp worden verstuurd: haal het nummer uit je bericht.
   *[u] Dit bericht bevat een BSN. Een BSN mag niet via WhatsApp worden verstuurd: haal het nummer uit uw bericht.
}
composer-personal-data-confirm = { $tone ->
    [je] Dit bericht bevat persoonsgegevens. Moet de inwoner dit echt ontvangen? Vink dan het vakje hieronder aan en verstuur opnieuw.
   *[u] Dit bericht bevat persoonsgegevens. Moet de inwoner dit echt ontvangen? Vink dan het vakje hieronder aan en verstuur opnieuw.
}
composer-personal-data-confirm-label = Ik bevestig dat dit bericht persoonsgegevens mag bevatten
wrap-up-title = Gesprek afhandelen
wrap-up-intro = Hoe is dit gesprek afgehandeld? Dit wordt bewaard als feit voor de rapportages; de vraag wordt gewist met het gesprek.
wrap-up-search = Zoek in de kennisbank
wrap-up-search-hint = Zoek eerst de artikelen die het antwoord gaven; vink ze daarna hieronder aan.
wrap-up-search-button = Zoeken
wrap-up-result = Resultaat
wrap-up-question = Vraag van de inwoner (niet verplicht)
wrap-up-question-hint = In een paar woorden, hoogstens 180 tekens, zonder persoonsgegevens.
wrap-up-articles = Gebruikte kennisbankartikelen
wrap-up-no-articles = Geen artikelen gekozen. Zoek hierboven in de kennisbank om er een aan te vinken.
wrap-up-resolve = Afhandelen
wrap-up-skip = Overslaan en afhandelen
wrap-up-back = Terug naar het gesprek
wrap-up-problem-result = Kies een resultaat uit de lijst.
wrap-up-problem-question = De vraag mag hoogstens 180 tekens lang zijn en op één regel staan.
wrap-up-problem-articles = Kies alleen artikelen uit de kennisbank van de organisatie.
wrap-up-problem-required = Je organisatie vraagt bij elk afgehandeld gesprek een resultaat. Kies er een.
wrap-up-admin-title = Afhandeling
wrap-up-admin-intro = De resultaten waaruit behandelaars kiezen als ze een gesprek afhandelen. Een resultaat zet je uit in plaats van het te verwijderen: eerdere afhandelingen houden hun resultaat.
wrap-up-admin-required = Resultaat verplicht bij afhandelen (ook via de API)
wrap-up-admin-save = Opslaan
wrap-up-admin-results = Resultaten
wrap-up-admin-label = Naam
wrap-up-admin-first-line = Telt als afgehandeld in de eerste lijn
wrap-up-admin-active = Aan
wrap-up-admin-add = Resultaat toevoegen
wrap-up-admin-saved = Opgeslagen.
wrap-up-admin-problem = Een naam heeft 1 tot 80 tekens, zonder regeleinden.
presence-title = Aanwezigheid op WhatsApp
presence-intro = Maak het zakelijke profiel en de chatknop voor de website van de gemeente. Niets wordt opgeslagen: neem de teksten over in WhatsApp Manager en op de website.
presence-voor = Waarvoor is dit kanaal?
presence-voor-hint = Bijvoorbeeld: vragen over afval, paspoorten en parkeren.
presence-niet-voor = Waarvoor niet?
presence-niet-voor-hint = Bijvoorbeeld: spoed en meldingen openbare ruimte.
presence-tekst = Begintekst voor de inwoner
presence-tekst-hint = Staat al klaar als de inwoner op de chatknop drukt.
presence-make = Maken
presence-about = Info (hoogstens 139 tekens)
presence-description = Beschrijving (hoogstens 512 tekens)
presence-link = Chatlink
presence-no-link = Dit kanaal heeft geen bruikbaar telefoonnummer.
presence-snippet = HTML voor de website
presence-snippet-label = Chat met ons via WhatsApp
presence-qr = QR-code
presence-qr-alt = QR-code die de chatlink opent
presence-download-svg = QR-code downloaden (SVG)
presence-download-png = QR-code downloaden (PNG)
presence-open = Aanwezigheid op WhatsApp

## Contactverzoeken (issue 12)
nav-contact-requests = Contactverzoeken
cv-title = Contactverzoeken
cv-caption = Contactverzoeken, nieuwste eerst
cv-empty = Er zijn geen contactverzoeken.
cv-filter = Filteren
cv-col-question = Vraag
cv-col-to = Naar
cv-col-state = Status
cv-col-due = Uiterlijk
cv-col-created = Gemaakt
cv-state-all = Alle
cv-state-te-verwerken = Te verwerken
cv-state-verwerkt = Verwerkt
cv-state-terug-naar-kcc = Terug naar KCC
cv-detail-title = Contactverzoek
cv-back = Terug naar de contactverzoeken
cv-problem = Dat lukte niet: vul in hoe de inwoner is geholpen (of waarom het terug gaat), of de status is intussen veranderd.
cv-contact-details = Contactgegevens
cv-internal-note = Interne notitie
cv-expectation = Bericht aan de inwoner
cv-expectation-sent = De inwoner kreeg bericht wanneer we reageren.
cv-expectation-template = De inwoner kreeg het sjabloonbericht (het 24-uursvenster was dicht).
cv-expectation-not-sent = De inwoner kreeg geen bericht: het 24-uursvenster was dicht en er is geen sjabloon ingesteld.
cv-col-kind = Soort
cv-kind-vraag = Vraag
cv-kind-persvraag = Persvraag
cv-kind-signaal = Signaal
cv-expectation-pending = Het bericht aan de inwoner wordt verstuurd.
cv-expectation-failed = Het bericht aan de inwoner is niet verstuurd:
cv-failed-window-closed = het 24-uursvenster was dicht.
cv-failed-personal-data = het bevatte persoonsgegevens.
cv-failed-refused = het werd geweigerd (is het sjabloon goedgekeurd en het kanaal actief?).
cv-failed-error = er ging iets mis. Neem zelf contact op met de inwoner.
cv-open-conversation = Gesprek openen
cv-outcome = Toelichting
cv-outcome-hint = Hoe is de inwoner geholpen, of waarom gaat het terug naar het KCC?
cv-complete = Verwerkt
cv-return = Terug naar KCC
cv-forward-to = Collega
cv-forward = Door naar collega
cv-history = Geschiedenis
cv-step-created = Gemaakt
cv-step-completed = Verwerkt
cv-step-returned-to-kcc = Terug naar KCC
cv-step-forwarded = Doorgestuurd
cv-new-title = Contactverzoek maken
cv-back-conversation = Terug naar het gesprek
cv-created = Contactverzoek gemaakt.
cv-open = Contactverzoek openen
cv-team = Team
cv-colleague = Collega
cv-none = (geen)
cv-show-questions = Vragen van dit team tonen
cv-submit = Contactverzoek versturen
side-contact-request = Contactverzoek maken
side-requests = Contactverzoeken
side-requests-none = Nog geen contactverzoeken bij dit gesprek.
side-requests-due = uiterlijk
side-press = Persvraag → Communicatie
side-signal = Signaal → nieuwsredactie

availability-label = Beschikbaarheid
availability-online = Online: ik neem nieuwe gesprekken aan
availability-away = Afwezig
availability-offline = Offline
availability-save = Opslaan
automation-title = Automatisering
automation-intro = Regels die de werkverdeler uitvoert: als er iets gebeurt en alle voorwaarden kloppen, voert Loket de acties uit, net als een collega. Het logboek onderaan zegt wat er gebeurde en waarom.
automation-rules = Regels
automation-no-rules = Nog geen regels.
automation-off = uit
automation-damaged = Deze regel is beschadigd en wordt niet uitgevoerd. Verwijder hem en maak hem opnieuw.
automation-working-minutes = werkminuten
automation-words = Woorden
automation-words-hint = Gescheiden door komma's, bijvoorbeeld: paspoort, id-kaart. Hoofdletters, accenten en vervoegingen maken niet uit.
automation-actions = Acties
automation-switch-off = Uitzetten
automation-switch-on = Aanzetten
automation-delete = Verwijderen
automation-add = Regel toevoegen
automation-name = Naam
automation-when = Wanneer
automation-trigger = Gebeurtenis
automation-trigger-message_received = Een inwoner stuurt een bericht
automation-trigger-conversation_created = Een nieuw gesprek begint
automation-trigger-no_reply_within = Geen antwoord binnen een aantal werkminuten
automation-wait = Werkminuten zonder antwoord (alleen bij "geen antwoord")
automation-if = Als (alle ingevulde voorwaarden)
automation-any = Maakt niet uit
automation-channel = Kanaal
automation-team-is = Team
automation-no-team = Nog geen team
automation-has-label = Heeft label
automation-lacks-label = Heeft label niet
automation-priority-is = Prioriteit
automation-then = Dan
automation-unchanged = Niet wijzigen
automation-add-label = Label toevoegen
automation-set-team = Team instellen
automation-set-priority = Prioriteit instellen
automation-assign-to = Toewijzen aan
automation-escalate = Escaleren naar de teamleider
automation-saved = Opgeslagen.
automation-refused = De regel is niet opgeslagen. Pas het volgende aan:
automation-problem-name = Geef een naam van 1 tot 80 tekens (hoogstens 50 regels per organisatie).
automation-problem-trigger = Kies een gebeurtenis; bij "geen antwoord" 1 tot 4800 werkminuten.
automation-problem-conditions = Controleer de voorwaarden: 1 tot 20 woorden van hoogstens 60 tekens (alleen bij een bericht), labels tot 50 tekens, een team of kanaal van je organisatie.
automation-problem-actions = Kies 1 tot 10 acties; een team of collega van je organisatie, een label tot 50 tekens.
automation-log = Logboek
automation-log-empty = Nog niets uitgevoerd.
automation-log-caption = Wat de regels deden en waarom, nieuwste eerst
automation-col-at = Tijd
automation-col-rule = Regel
automation-col-why = Waarom
automation-col-actions = Acties
automation-col-outcome = Resultaat
automation-col-conversation = Gesprek
automation-open-conversation = Gesprek openen
automation-log-pages = Pagina's van het logboek
automation-newer = Nieuwere
automation-older = Oudere
