# Profile and self-service: contact details, SEPA mandate, homes (naming, requests, switcher),
# preferences. Loaded with main.ftl; keys are unique across both files.

contact-title = Modifier mon e-mail ou mon téléphone
contact-intro = Nous envoyons un code au nouveau contact pour vérifier qu’il est bien à vous ; l’ancien est prévenu du changement.
contact-new-phone = Nouveau numéro de téléphone mobile
contact-phone-hint = Par exemple 06 12 34 56 78, ou +33 6 12 34 56 78 depuis l’étranger.
contact-new-email = Nouvelle adresse e-mail
contact-send-code = Recevoir un code de vérification
contact-verify-title = Saisissez le code de vérification
contact-verify-intro = Nous avons envoyé un code à 6 chiffres à { $target }. Il est valable 10 minutes.
contact-verify-submit = Valider
account-phone-changed = Votre numéro de téléphone a été modifié et vérifié.
account-email-changed = Votre adresse e-mail a été modifiée et vérifiée.
error-contact-same = C’est déjà votre contact actuel.
error-phone-format = Saisissez un numéro de mobile valide, par exemple 06 12 34 56 78.
error-email-format = Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.
error-email-taken = Cette adresse ne peut pas être utilisée pour votre compte. Choisissez-en une autre.
sms-contact-code = { $brand } : votre code pour vérifier ce numéro est { $code }. Il expire dans 10 minutes.
sms-phone-changed = { $brand } : le numéro de téléphone de votre espace client a été modifié. Si ce n’est pas vous, appelez notre service client.
email-contact-code-subject = Vérification de votre nouvelle adresse e-mail
email-contact-code-body = Pour confirmer cette adresse comme nouvelle adresse de votre espace client, saisissez le code { $code }. Il expire dans 10 minutes.
email-email-changed-subject = Votre adresse e-mail a été modifiée
email-email-changed-body = L’adresse e-mail de votre espace client a été remplacée par { $value } le { $date }.
email-phone-changed-subject = Votre numéro de téléphone a été modifié
email-phone-changed-body = Le numéro de téléphone de votre espace client a été remplacé par { $value } le { $date }.

## SEPA direct-debit mandate
account-payment = Paiement
mandate-title = Mon mandat de prélèvement SEPA
mandate-current = Mandat en vigueur
mandate-none = Aucun mandat de prélèvement n’est enregistré. Vos échéances sont payées par un autre moyen.
mandate-iban = IBAN
mandate-iban-hint = 27 caractères pour un compte en France, par exemple FR76 3000 6000 0112 3456 7890 189. Les espaces sont acceptés.
mandate-bic = BIC (facultatif)
mandate-bic-hint = 8 ou 11 caractères, par exemple BNPAFRPP. Il figure sur votre relevé d’identité bancaire.
mandate-holder = Titulaire du compte
mandate-reference = Référence unique du mandat (RUM)
mandate-signed-on = Signé le
mandate-new = Changer de compte bancaire
mandate-new-intro = Le nouveau mandat remplace l’ancien dès aujourd’hui pour les prochaines échéances. Seuls les 4 derniers caractères de l’IBAN seront affichés ensuite.
mandate-consent = En validant, vous nous autorisez à envoyer des instructions à votre banque pour débiter votre compte, et votre banque à le débiter conformément à ces instructions. Vous pouvez demander à votre banque le remboursement d’un prélèvement autorisé dans les 8 semaines suivant la date de débit.
mandate-submit = Signer le nouveau mandat
mandate-replaced = Votre nouveau mandat de prélèvement est enregistré. Une confirmation vous a été envoyée par e-mail.
error-iban-format = Cet IBAN n’a pas la bonne forme : il commence par 2 lettres et 2 chiffres, par exemple FR76…
error-iban-checksum = Cet IBAN contient une erreur de saisie (la clé de contrôle ne correspond pas). Vérifiez-le sur votre relevé d’identité bancaire.
error-iban-country = Cet IBAN n’a pas la longueur ou la forme prévue pour son pays. Vérifiez-le sur votre relevé d’identité bancaire.
error-iban-not-sepa = Ce compte n’est pas situé dans la zone SEPA ; nous ne pouvons pas y prélever.
error-bic-format = Ce BIC n’a pas la bonne forme : 8 ou 11 caractères, par exemple BNPAFRPP.
email-mandate-subject = Votre mandat de prélèvement a été modifié
email-mandate-body = Un nouveau mandat de prélèvement SEPA (référence { $reference }) a été signé le { $date } pour le compte se terminant par { $last4 }. Il remplace le précédent.

## Naming a home
home-name-title = Nommer ce logement
home-name-label = Nom du logement
home-name-hint = Le nom qui apparaît sur votre tableau de bord, par exemple « Maison de Lyon ». 60 caractères au plus.
home-name-submit = Enregistrer le nom
home-renamed = Le nom du logement a été enregistré.

## Adding a home or moving (a request to staff)
home-request-title = Ajouter un logement ou déménager
home-request-intro = Un conseiller étudie votre demande et vous recontacte sous 2 jours ouvrés pour vous proposer les contrats et l’installation adaptés. Rien ne change sur vos contrats avant son accord.
home-request-new = Nouvelle demande
home-request-kind = Votre demande
home-request-kind-new_home = Protéger un logement de plus
home-request-kind-move = Je déménage
home-request-home = Logement que vous quittez (déménagement)
home-request-home-hint = À choisir seulement si vous déménagez.
home-request-home-none = — Aucun —
home-request-street = Adresse du nouveau logement (numéro et voie)
home-request-postal-code = Code postal
home-request-postal-code-hint = 5 chiffres, par exemple 69002.
home-request-city = Ville
home-request-date = Date souhaitée
home-request-date-hint = À partir d’aujourd’hui et dans l’année qui vient.
home-request-note = Précisions (facultatif)
home-request-submit = Envoyer ma demande
home-request-sent = Votre demande est enregistrée. Un accusé de réception vous a été envoyé par e-mail.
home-request-list = Mes demandes
home-request-none = Vous n’avez fait aucune demande.
home-request-address = Adresse
home-request-made = Envoyée le
home-request-status = Suivi
home-request-status-open = En cours d’étude
home-request-link = Ajouter un logement ou déménager
error-request-kind = Choisissez le type de demande.
error-request-home = Choisissez le logement que vous quittez.
error-postal-code = Le code postal compte 5 chiffres, par exemple 69002.
error-date-format = Saisissez une date valide, par exemple 15/01/2027.
error-date-past = Cette date est déjà passée.
error-date-too-far = Choisissez une date dans l’année qui vient.
email-home-request-subject = Nous avons bien reçu votre demande
email-home-request-new_home = Vous nous avez demandé de protéger un nouveau logement au { $address }, à partir du { $date }.
email-home-request-move = Vous nous avez signalé votre déménagement de « { $home } » vers le { $address }, à partir du { $date }.
email-home-request-next = Un conseiller vous recontacte sous 2 jours ouvrés. Vos contrats restent inchangés d’ici là.

## Preferences: paperless invoices and notifications
prefs-title = Mes préférences
prefs-saved = Vos préférences sont enregistrées.
prefs-paper-title = Factures et documents
prefs-paperless = Factures dématérialisées (sans papier)
prefs-paperless-hint = Vos factures et avis d’échéance arrivent par e-mail et restent disponibles dans votre espace client, sans envoi postal.
prefs-notif-title = Notifications
prefs-notif-intro = Cochez, pour chaque type d’événement, comment vous souhaitez être prévenu.
prefs-event = Événement
prefs-channel-email = E-mail
prefs-channel-sms = SMS
prefs-channel-in_app = Espace client
prefs-class-alarm = Alarme (déclenchement, mise en marche, panne)
prefs-class-claims = Suivi de mes sinistres
prefs-class-invoices = Factures et paiements
prefs-class-visits = Visites de technicien
prefs-class-messages = Réponses du service client
prefs-class-contracts = Contrats (avenants, échéances)
prefs-security-note = Les messages de sécurité de votre compte (connexion depuis un nouvel appareil, changement de mot de passe) vous sont toujours envoyés.
prefs-submit = Enregistrer mes préférences
error-prefs-alarm = L’alarme doit pouvoir vous joindre hors de l’espace client : cochez au moins l’e-mail ou le SMS.

## Layout: home switcher
nav-homes = Mes logements

## Name and postal addresses
error-name-characters = Seulement des lettres, des espaces, des traits d’union, des apostrophes et des points.
name-title = Modifier mon nom
name-intro = Votre nom tel qu’il figure sur vos pièces d’identité. Nos conseillers s’en servent pour vous reconnaître au téléphone.
name-given = Prénom
name-family = Nom de famille
name-submit = Enregistrer mon nom
name-back = Retour à mon compte sans rien changer
account-name-changed = Votre nom a été modifié. Un e-mail vous le confirme.
account-addresses = Adresses de mes logements
account-address-correct = Corriger l’adresse
account-address-request = Vous déménagez ou protégez un nouveau logement ? Faites une demande.
email-name-changed-subject = Votre nom a été modifié
email-name-changed-body = Le nom de votre espace client est désormais { $name }, depuis le { $date }.
home-address-title = Adresse
home-address-hint = Corrigez ici le numéro, la voie, le bâtiment ou l’étage. Un changement de commune est un déménagement :
home-address-move = faire une demande de déménagement
home-address-street = Numéro, voie et complément
home-address-submit = Corriger l’adresse
home-street-corrected = L’adresse a été corrigée.

## Confirming an option at the quoted premium
error-price-format = Le montant de la prime confirmée est illisible. Voici le devis à jour : vérifiez-le puis confirmez.
error-price-changed = La prime a changé depuis votre devis. Voici le devis à jour : vérifiez-le puis confirmez.
