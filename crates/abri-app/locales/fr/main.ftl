# Abri — messages en français (langue par défaut)

skip-to-content = Aller au contenu
brand-space = Espace client
switch-language = English
sign-out = Se déconnecter
nav-label = Navigation principale
nav-home = Accueil
breadcrumb = Fil d’Ariane
footer-support = Service client : { $phone }

sign-in-title = Connexion à votre espace client
sign-in-intro = Gérez vos contrats, vos garanties et la protection de vos logements.
sign-in-identifier = Adresse e-mail ou numéro client
sign-in-identifier-hint = Votre numéro client commence par C suivi de 8 chiffres (par exemple C12345678).
sign-in-password = Mot de passe
sign-in-submit = Se connecter
sign-in-help = Un problème pour vous connecter ? Appelez le service client au { $phone }.

dashboard-title = Tableau de bord
dashboard-greeting = Bonjour { $name }
dashboard-summary = { $homes ->
    [one] Un logement protégé
   *[other] { $homes } logements protégés
  } · { $contracts ->
    [one] un contrat
   *[other] { $contracts } contrats
  }
dashboard-no-home = Aucun logement n’est encore rattaché à votre compte.
home-open = Voir le logement
home-contracts = Contrats
home-no-contract = Aucun contrat pour ce logement.
home-equipment = Équipements installés
home-no-equipment = Aucun équipement enregistré.
equipment-kind = Équipement
equipment-location = Emplacement
equipment-quantity = Quantité

home-kind-house = Maison
home-kind-flat = Appartement

contract-number = Numéro de contrat
contract-status = Statut
contract-start = Date d’effet
contract-premium = Cotisation
contract-next-due = Prochaine échéance
contract-guarantees = Garanties
next-due = Prochaine échéance le { $date }
guarantee = Garantie
guarantee-ceiling = Plafond
guarantee-deductible = Franchise
guarantee-unlimited = Illimité
guarantee-no-deductible = Aucune
options-subscribed = Options souscrites
options-none-subscribed = Aucune option souscrite.
options-available = Options disponibles
options-none-available = Toutes les options sont déjà souscrites.

product-home_insurance = Assurance habitation
product-monitoring = Télésurveillance
status-pending = En attente
status-active = Actif
status-suspended = Suspendu
status-cancelled = Résilié
per-monthly = { $amount } / mois
per-annual = { $amount } / an

equipment-alarm_panel = Centrale d’alarme
equipment-keypad = Clavier
equipment-motion_sensor = Détecteur de mouvement
equipment-door_sensor = Détecteur d’ouverture
equipment-smoke_detector = Détecteur de fumée
equipment-water_leak_sensor = Détecteur de fuite d’eau
equipment-siren = Sirène
equipment-camera = Caméra

guarantee-fire = Incendie
guarantee-water_damage = Dégât des eaux
guarantee-theft = Vol et vandalisme
guarantee-glass_breakage = Bris de glace
guarantee-natural_disaster = Catastrophe naturelle
guarantee-liability = Responsabilité civile
guarantee-remote_monitoring = Télésurveillance 24 h/24
guarantee-equipment_maintenance = Maintenance du matériel

option-valuables = Objets de valeur
option-valuables-description = Bijoux, œuvres d’art et objets précieux couverts jusqu’à 20 000 €.
option-electrical_damage = Dommages électriques
option-electrical_damage-description = Appareils endommagés par la foudre ou une surtension.
option-garden = Jardin et piscine
option-garden-description = Clôtures, arbres, mobilier de jardin et équipements de piscine.
option-legal_protection = Protection juridique
option-legal_protection-description = Conseil et prise en charge des frais en cas de litige lié au logement.
option-school = Assurance scolaire
option-school-description = Accidents de vos enfants à l’école et pendant les activités.
option-guard_dispatch = Intervention d’un agent
option-guard_dispatch-description = Un agent de sécurité se rend sur place après une alarme confirmée.
option-video_verification = Levée de doute vidéo
option-video_verification-description = L’opérateur vérifie l’alarme grâce aux images des caméras.
option-extra_smoke_detector = Détecteur de fumée connecté supplémentaire
option-extra_smoke_detector-description = Un détecteur relié à la centrale, surveillé 24 h/24.
option-keyholding = Garde des clés
option-keyholding-description = Nous gardons un double de vos clés pour les interventions.

error-required = Ce champ est obligatoire.
error-identifier-format = Saisissez une adresse e-mail (nom@exemple.fr) ou un numéro client (C suivi de 8 chiffres).
error-too-long = Ce texte est trop long.
error-password-too-long = Le mot de passe ne peut pas dépasser 128 caractères.
error-sign-in-failed = Identifiant ou mot de passe incorrect. Après plusieurs erreurs, patientez quelques secondes avant de réessayer.
error-busy = Le service est très sollicité. Réessayez dans quelques secondes.
error-form-expired = Ce formulaire a expiré. Vérifiez vos informations et envoyez-le à nouveau.

error-back-home = Revenir à l’accueil
error-status = Erreur
error-request-id = référence de la demande
error-title = Une erreur est survenue
error-text = La demande n’a pas pu aboutir.
error-400-title = Demande incorrecte
error-400-text = Les informations envoyées ne sont pas lisibles. Revenez en arrière et réessayez.
error-403-title = Accès refusé
error-403-text = Cette action n’est pas autorisée. Si vous avez suivi un lien d’un autre site, revenez à votre espace client et recommencez.
error-404-title = Page introuvable
error-404-text = Cette page n’existe pas ou n’est pas accessible depuis votre compte.
error-405-title = Action impossible
error-405-text = Cette page ne permet pas cette action.
error-413-title = Envoi trop volumineux
error-413-text = Les informations envoyées dépassent la taille autorisée.
error-415-title = Format non accepté
error-415-text = Ce format d’envoi n’est pas accepté.
error-429-title = Trop de demandes
error-429-text = Patientez quelques instants avant de réessayer.
error-500-title = Erreur de notre côté
error-500-text = Un incident technique nous empêche de répondre. Nos équipes sont prévenues ; réessayez dans quelques minutes.
error-503-title = Service momentanément indisponible
error-503-text = Le service est très sollicité. Réessayez dans quelques secondes.

outbox-title = Boîte d’envoi (démonstration)
outbox-intro = En démonstration, les e-mails et SMS ne partent pas : ils sont gardés ici, du plus récent au plus ancien.
outbox-empty = Aucun message pour l’instant.
outbox-email = E-mail
outbox-sms = SMS

email-greeting = Bonjour { $name },
email-footer = Une question ? Notre service client vous répond au { $phone }.
email-automatic = Ce message est envoyé automatiquement, merci de ne pas y répondre.
email-password-changed-subject = Votre mot de passe a été modifié
email-password-changed-body = Le mot de passe de votre espace client a été modifié le { $date }.
email-password-changed-warning = Si vous n’êtes pas à l’origine de ce changement, appelez immédiatement notre service client : votre compte pourrait être utilisé par quelqu’un d’autre.

nav-account = Mon compte
account-title = Mon compte
account-details = Coordonnées
account-name = Nom
account-number = Numéro client
account-email = Adresse e-mail
account-phone = Téléphone
account-phone-none = Non renseigné
account-security = Sécurité du compte
account-change-password = Changer mon mot de passe
account-password-changed = Votre mot de passe a été modifié. Vos autres appareils ont été déconnectés et un e-mail de confirmation vous a été envoyé.
password-change-title = Changer mon mot de passe
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
password-new-again = Confirmez le nouveau mot de passe
password-change-submit = Enregistrer le nouveau mot de passe
password-rules = De 12 à 128 caractères. Les espaces, accents et emojis sont acceptés.
password-tip-length = Plus il est long, plus il est sûr : une phrase de plusieurs mots est idéale.
password-tip-mix = Mélangez majuscules, minuscules, chiffres et caractères spéciaux si vous le souhaitez.
password-tip-obvious = Évitez les suites évidentes comme « 123456 » ou « password », et vos informations personnelles.
password-tip-manager = Un gestionnaire de mots de passe peut le retenir pour vous.
error-current-password-wrong = Le mot de passe actuel est incorrect.
error-password-too-short = Le mot de passe doit contenir au moins 12 caractères.
error-password-mismatch = Les deux saisies ne sont pas identiques.
error-password-common = Ce mot de passe est trop courant ou a déjà circulé après une fuite de données : choisissez-en un autre.
error-password-personal = Le mot de passe ne doit contenir ni votre numéro client, ni votre adresse e-mail, ni le nom { $brand }.
error-password-weak = Ce mot de passe serait trop facile à deviner. Allongez-le, par exemple avec une phrase de plusieurs mots.

sign-in-forgot = Mot de passe oublié ?
reset-request-title = Mot de passe oublié
reset-request-intro = Indiquez l’adresse e-mail ou le numéro client de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.
reset-request-hint = Utilisez l’adresse enregistrée dans votre espace client, ou votre numéro client (C suivi de 8 chiffres).
reset-request-submit = Recevoir le lien
reset-back-to-sign-in = Revenir à la connexion
reset-sent-title = Vérifiez votre boîte e-mail
reset-sent-text = Si un compte correspond à ce que vous avez saisi, nous venons de lui envoyer un e-mail avec un lien pour choisir un nouveau mot de passe.
reset-sent-spam = Il arrive en quelques minutes ; pensez à regarder dans le dossier des courriers indésirables.
reset-sent-expiry = Le lien est valable 30 minutes et ne sert qu’une fois. Une nouvelle demande annule les liens précédents.
reset-sent-never-share = Ne transmettez jamais ce lien : nos conseillers ne vous le demanderont pas.
reset-invalid-title = Ce lien n’est plus valable
reset-invalid-text = Le lien a déjà servi, a expiré (au bout de 30 minutes) ou a été remplacé par une demande plus récente. Vous pouvez en demander un nouveau.
reset-invalid-again = Demander un nouveau lien
reset-code-title = Saisissez le code reçu par SMS
reset-code-intro = Pour vérifier qu’il s’agit bien de vous, nous avons envoyé un code à 6 chiffres au { $phone }.
reset-code-label = Code à 6 chiffres
reset-code-hint = Le code est valable 10 minutes. Essais restants : { $tries }.
reset-code-submit = Valider le code
reset-code-resend = Recevoir un nouveau code
reset-password-title = Choisissez un nouveau mot de passe
reset-password-intro = { $name }, choisissez un mot de passe que vous n’utilisez nulle part ailleurs. Vous serez ensuite connecté(e) à votre espace client.
reset-password-submit = Enregistrer et me connecter
error-code-format = Saisissez les 6 chiffres du code reçu par SMS.
error-code-wrong = Ce code n’est pas le bon. Vérifiez le dernier SMS reçu.
error-code-expired = Ce code a expiré. Demandez-en un nouveau.
error-code-too-many = Trop de codes erronés : par sécurité, cette demande est annulée. Recommencez depuis « Mot de passe oublié ? ».
sms-reset-code = { $brand } : votre code de réinitialisation est { $code }. Il expire dans 10 minutes. Ne le communiquez à personne, même à un conseiller.
email-reset-link-subject = Réinitialisation de votre mot de passe
email-reset-link-body = Vous avez demandé à réinitialiser le mot de passe de votre espace client. Cliquez sur le bouton ci-dessous pour en choisir un nouveau.
email-reset-link-expiry = Ce lien est valable 30 minutes et ne peut servir qu’une fois.
email-reset-link-action = Choisir un nouveau mot de passe
email-reset-link-warning = Vous n’êtes pas à l’origine de cette demande ? Ignorez cet e-mail : votre mot de passe actuel reste valable. Ne transférez jamais ce lien.
email-reset-done-subject = Votre mot de passe a été réinitialisé
email-reset-done-body = Le mot de passe de votre espace client a été réinitialisé le { $date }. Tous vos appareils ont été déconnectés.

captcha-working = Vérification anti-robot en cours…
captcha-done = Vérification anti-robot terminée.
error-captcha = La vérification anti-robot n’a pas abouti. Envoyez le formulaire à nouveau.
error-captcha-expired = La vérification anti-robot a expiré. Envoyez le formulaire à nouveau.

password-meter-label = Solidité du mot de passe
password-meter-ok = Mot de passe solide.

security-title = Sécurité du compte
security-password = Mot de passe
security-sessions = Appareils connectés
security-sessions-intro = Les navigateurs actuellement connectés à votre espace client. Déconnectez ceux que vous ne reconnaissez pas, puis changez votre mot de passe.
security-this-device = Cet appareil
security-ip = adresse IP { $ip }
security-since = connecté le { $date }
security-last-seen = dernière activité le { $date }
security-revoke = Déconnecter
security-revoke-others = Déconnecter tous les autres appareils
security-revoked = L’appareil a été déconnecté.
security-revoked-others = Tous vos autres appareils ont été déconnectés.
security-history = Historique des connexions
security-history-intro = Les connexions et tentatives des 90 derniers jours.
security-history-empty = Aucune connexion enregistrée.
security-when = Date
security-result = Résultat
security-method = Méthode
security-device = Appareil
security-address = Adresse IP
history-result-success = Réussie
history-result-failure = Échouée
history-method-password = Mot de passe
history-method-password_reset = Réinitialisation du mot de passe
email-new-device-subject = Nouvelle connexion à votre espace client
email-new-device-body = Une connexion à votre espace client a eu lieu le { $date } depuis un appareil que nous ne connaissions pas ({ $device }, adresse IP { $ip }).
email-new-device-warning = Si c’est vous, vous n’avez rien à faire. Sinon, changez votre mot de passe sans attendre et appelez notre service client.

error-captcha-required = Après plusieurs essais infructueux, une vérification anti-robot est nécessaire : elle se fait toute seule si JavaScript est activé. Sinon, réessayez dans une heure.

factor-title = Vérification en deux étapes
factor-reset-title = Vérification en deux étapes
factor-intro = Saisissez le code à 6 chiffres affiché par votre application d’authentification, ou l’un de vos codes de secours.
factor-code = Code de vérification
factor-code-hint = 6 chiffres, ou un code de secours de la forme ABCD-EFGH-JKMN-PQRS.
factor-submit = Vérifier
error-factor-wrong = Ce code n’est pas valable. Vérifiez l’heure de votre téléphone ou utilisez un code de secours.
error-factor-replayed = Ce code a déjà servi. Attendez le suivant dans votre application.
totp-title = Activer l’application d’authentification
totp-step-app = Installez une application d’authentification sur votre téléphone (par exemple celle de votre gestionnaire de mots de passe).
totp-step-scan = Scannez ce QR code avec l’application, ou saisissez la clé à la main.
totp-qr-label = QR code à scanner avec votre application d’authentification
totp-key-label = Clé :
totp-step-code = Saisissez le code à 6 chiffres que l’application affiche.
totp-code = Code affiché par l’application
totp-confirm = Activer
recovery-title = Vos codes de secours
recovery-shown-once = La vérification en deux étapes est activée. Ces codes ne seront plus jamais affichés.
recovery-intro = Gardez-les en lieu sûr (imprimés ou dans votre gestionnaire de mots de passe). Chaque code sert une seule fois, si vous n’avez plus accès à votre application.
recovery-done = J’ai mis mes codes en lieu sûr
security-factor = Vérification en deux étapes
security-totp-on = Activée
security-totp-off = Protégez votre compte avec une application d’authentification : un code à 6 chiffres vous sera demandé en plus du mot de passe.
security-totp-enable = Activer la vérification en deux étapes
security-totp-remove = Désactiver la vérification en deux étapes
security-totp-removed = La vérification en deux étapes a été désactivée.
security-new-codes = Générer de nouveaux codes de secours
security-codes-left = Codes de secours restants : { $count }.
security-code-to-confirm = Code de votre application, pour confirmer
history-method-password-totp = Mot de passe et application
history-method-password-recovery_code = Mot de passe et code de secours
email-factor-warning = Si vous n’êtes pas à l’origine de cette action, changez votre mot de passe sans attendre et appelez notre service client.
email-factor-added-subject = Vérification en deux étapes activée
email-factor-added-body = La vérification en deux étapes par application a été activée sur votre compte le { $date }.
email-factor-removed-subject = Vérification en deux étapes désactivée
email-factor-removed-body = La vérification en deux étapes a été désactivée sur votre compte le { $date }.
email-recovery-used-subject = Un code de secours a été utilisé
email-recovery-used-body = Un de vos codes de secours a été utilisé le { $date }. Il ne pourra plus resservir.
email-totp-replay-subject = Code de vérification réutilisé
email-totp-replay-body = Un code de votre application d’authentification déjà utilisé a été présenté de nouveau le { $date } et a été refusé.
email-factor-failed-subject = Tentative de connexion à votre compte
email-factor-failed-body = Le { $date }, votre mot de passe a été saisi correctement, mais la vérification en deux étapes a échoué.

history-method-totp = Application d’authentification
history-method-email = Lien par e-mail

confirm-title = Confirmez votre identité
confirm-intro = Pour cette action sensible, saisissez à nouveau votre mot de passe. Vous n’aurez plus à le faire pendant 10 minutes.
confirm-submit = Confirmer

reset-continue-title = Réinitialiser votre mot de passe
reset-continue-text = Vous avez suivi le lien reçu par e-mail. Continuez pour choisir un nouveau mot de passe : le lien ne servira plus ensuite.
reset-continue-submit = Continuer
