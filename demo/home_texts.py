# ruff: noqa: E501 -- demo texts: one sentence per line reads better than wrapped strings
"""Texts of the demo start page and easy-read section, per language.

Every language has the same keys, so the page builders in ``demo.home`` give each
translation exactly the blocks of the Dutch source (wagtail-localize pairs them).
"""

HOME = {
    "nl": {
        "title": "Welkom bij het netwerk tegen gezinsarmoede",
        "intro": (
            "Veertig partners uit de regio werken hier samen tegen armoede bij gezinnen: "
            "sociale diensten, het CAW, de vereniging waar armen het woord nemen, "
            "basiseducatie, de jeugddienst en vrijwilligers. Je vindt hier methodes om "
            "mensen in armoede echt te betrekken, voorbeelden uit de gemeenten en de "
            "werkgroepen."
        ),
        "description": "Het intranet van het netwerk tegen gezinsarmoede.",
        "heading": "Samen sterker",
        "paragraph": (
            "Het netwerk heeft drie doelen: beter samenwerken tussen diensten, de drempels "
            "naar hulp verlagen en hulp op maat van elk gezin. Gezinnen die armoede kennen, "
            "denken mee in de werkgroepen. Zij horen altijd wat er met hun inbreng gebeurt."
        ),
        "good_to_know": (
            "Ben je partner en heb je nog geen account? Vraag het aan de netwerkcoördinator."
        ),
        "easy_1": "Dit is de website van het netwerk tegen armoede bij gezinnen.",
        "easy_2": "Veertig diensten en verenigingen werken samen. Ze helpen gezinnen met weinig geld.",
        "easy_steps": "Zo vind je hulp",
        "easy_step_1": "Kies een onderwerp bij 'Eenvoudig uitgelegd'.",
        "easy_step_2": "Lees de uitleg. Of laat de tekst voorlezen.",
        "easy_step_3": "Heb je een vraag? Bel of mail ons.",
        "easy_know": "Hulp vragen is gratis. Je blijft niet alleen met je zorgen.",
        "easy_talk_alt": "Twee tekstballonnen: twee mensen praten met elkaar",
        "easy_talk": "Lezen is moeilijk voor jou? Kom dan langs. We praten samen over je vraag.",
        "contact_name": "Onthaal sociaal huis",
        "contact_role": "Voor al je vragen",
        "contact_hours": "Maandag tot vrijdag, van 9 tot 12 uur",
    },
    "fr": {
        "title": "Bienvenue au réseau contre la pauvreté des familles",
        "intro": (
            "Quarante partenaires de la région travaillent ici ensemble contre la pauvreté "
            "des familles : services sociaux, le CAW, l'association où les pauvres prennent "
            "la parole, l'éducation de base, le service jeunesse et des bénévoles. Vous y "
            "trouvez des méthodes pour impliquer vraiment les personnes en situation de "
            "pauvreté, des exemples des communes et les groupes de travail."
        ),
        "description": "L'intranet du réseau contre la pauvreté des familles.",
        "heading": "Plus forts ensemble",
        "paragraph": (
            "Le réseau a trois objectifs : mieux coopérer entre services, abaisser les seuils "
            "vers l'aide et offrir une aide adaptée à chaque famille. Des familles qui "
            "connaissent la pauvreté participent aux groupes de travail. Elles apprennent "
            "toujours ce qu'il advient de leur contribution."
        ),
        "good_to_know": (
            "Vous êtes partenaire et vous n'avez pas encore de compte ? Demandez-le au "
            "coordinateur du réseau."
        ),
        "easy_1": "Ceci est le site du réseau contre la pauvreté des familles.",
        "easy_2": "Quarante services et associations travaillent ensemble. Ils aident les familles qui ont peu d'argent.",
        "easy_steps": "Comment trouver de l'aide",
        "easy_step_1": "Choisissez un sujet dans « Expliqué simplement ».",
        "easy_step_2": "Lisez l'explication. Ou faites lire le texte à voix haute.",
        "easy_step_3": "Vous avez une question ? Appelez-nous ou écrivez-nous.",
        "easy_know": "Demander de l'aide est gratuit. Vous ne restez pas seul avec vos soucis.",
        "easy_talk_alt": "Deux bulles de dialogue : deux personnes parlent ensemble",
        "easy_talk": "Lire est difficile pour vous ? Passez nous voir. Nous parlons ensemble de votre question.",
        "contact_name": "Accueil de la maison sociale",
        "contact_role": "Pour toutes vos questions",
        "contact_hours": "Du lundi au vendredi, de 9 h à 12 h",
    },
    "en": {
        "title": "Welcome to the network against family poverty",
        "intro": (
            "Forty partners from the region work together here against poverty in families: "
            "social services, the welfare centre, the association where people in poverty "
            "speak up, adult basic education, the youth service and volunteers. Here you find "
            "methods to truly involve people in poverty, examples from the municipalities and "
            "the working groups."
        ),
        "description": "The intranet of the network against family poverty.",
        "heading": "Stronger together",
        "paragraph": (
            "The network has three goals: better cooperation between services, lower "
            "thresholds to help, and help tailored to each family. Families who know poverty "
            "take part in the working groups. They always hear what happened with their input."
        ),
        "good_to_know": ("Are you a partner without an account yet? Ask the network coordinator."),
        "easy_1": "This is the website of the network against poverty in families.",
        "easy_2": "Forty services and groups work together. They help families with little money.",
        "easy_steps": "How to find help",
        "easy_step_1": "Choose a subject under 'Explained simply'.",
        "easy_step_2": "Read the explanation. Or have the text read aloud.",
        "easy_step_3": "Do you have a question? Call or e-mail us.",
        "easy_know": "Asking for help is free. You are not alone with your worries.",
        "easy_talk_alt": "Two speech balloons: two people talking together",
        "easy_talk": "Is reading hard for you? Then come and see us. We talk about your question together.",
        "contact_name": "Welcome desk, social services",
        "contact_role": "For all your questions",
        "contact_hours": "Monday to Friday, 9 am to 12 noon",
    },
    "ar": {
        "title": "مرحبًا بكم في الشبكة ضد فقر الأسر",
        "intro": (
            "يعمل هنا أربعون شريكًا من المنطقة معًا ضد الفقر لدى الأسر: الخدمات الاجتماعية، "
            "ومركز الرعاية، وجمعية يتكلم فيها الفقراء، والتعليم الأساسي للكبار، وخدمة الشباب، "
            "والمتطوعون. تجد هنا طرقًا لإشراك الأشخاص الذين يعيشون في الفقر، وأمثلة من "
            "البلديات، ومجموعات العمل."
        ),
        "description": "الشبكة الداخلية للشبكة ضد فقر الأسر.",
        "heading": "معًا أقوى",
        "paragraph": (
            "للشبكة ثلاثة أهداف: تعاون أفضل بين الخدمات، وتسهيل الوصول إلى المساعدة، ومساعدة "
            "تناسب كل أسرة. تشارك الأسر التي تعرف الفقر في مجموعات العمل. وتعرف دائمًا ماذا "
            "حدث بمساهمتها."
        ),
        "good_to_know": "هل أنت شريك وليس لديك حساب بعد؟ اطلبه من منسق الشبكة.",
        "easy_1": "هذا موقع الشبكة ضد الفقر لدى الأسر.",
        "easy_2": "أربعون خدمة وجمعية تعمل معًا. هي تساعد الأسر التي لديها مال قليل.",
        "easy_steps": "كيف تجد المساعدة",
        "easy_step_1": "اختر موضوعًا في «شرح بسيط».",
        "easy_step_2": "اقرأ الشرح. أو استمع إلى النص بصوت عالٍ.",
        "easy_step_3": "هل لديك سؤال؟ اتصل بنا أو راسلنا.",
        "easy_know": "طلب المساعدة مجاني. لن تبقى وحدك مع همومك.",
        "easy_talk_alt": "فقاعتا كلام: شخصان يتحدثان معًا",
        "easy_talk": "القراءة صعبة عليك؟ تعال إلينا. نتحدث معًا عن سؤالك.",
        "contact_name": "استقبال البيت الاجتماعي",
        "contact_role": "لكل أسئلتك",
        "contact_hours": "من الاثنين إلى الجمعة، من الساعة 9 إلى 12",
    },
}

SECTION = {
    "nl": {
        "title": "Eenvoudig uitgelegd",
        "intro": "Hier lees je in gewone woorden wat je kan doen. Kies een onderwerp.",
    },
    "fr": {
        "title": "Expliqué simplement",
        "intro": "Ici, vous lisez avec des mots simples ce que vous pouvez faire. Choisissez un sujet.",
    },
    "en": {
        "title": "Explained simply",
        "intro": "Here you read in plain words what you can do. Choose a subject.",
    },
    "ar": {
        "title": "شرح بسيط",
        "intro": "هنا تقرأ بكلمات بسيطة ما يمكنك فعله. اختر موضوعًا.",
    },
}

# slug: phone, e-mail, and the texts per language
EASY_PAGES = {
    "rekeningen-betalen": {
        "phone": "03 000 12 40",
        "email": "budget@sociaalhuis.example",
        "pictogram": "rekening",  # shown with p1 (demo.pictograms)
        "nl": {
            "title": "Je rekeningen betalen",
            "summary": "Wat je kan doen als je je rekeningen niet kan betalen.",
            "p1": "Kan je je rekeningen niet betalen? Dat overkomt veel gezinnen. Je hoeft je niet te schamen.",
            "p1_alt": "Een rekening: een blad papier met een euroteken",
            "p2": "Het OCMW kan je helpen. Samen maak je een plan om je schulden af te betalen. Dat heet budgetbegeleiding.",
            "steps": "Zo vraag je hulp",
            "s1": "Verzamel je rekeningen en brieven.",
            "s2": "Bel het sociaal huis en maak een afspraak.",
            "s3": "Neem je identiteitskaart en je rekeningen mee.",
            "know": "Krijg je een brief van een deurwaarder? Wacht niet. Bel ons meteen.",
            "name": "Sociaal huis, dienst budget",
            "role": "Budgetbegeleiding en schuldbemiddeling",
            "hours": "Dinsdag en donderdag, van 13 tot 16 uur",
        },
        "fr": {
            "title": "Payer vos factures",
            "summary": "Ce que vous pouvez faire si vous ne pouvez pas payer vos factures.",
            "p1": "Vous ne pouvez pas payer vos factures ? Cela arrive à beaucoup de familles. Vous ne devez pas avoir honte.",
            "p1_alt": "Une facture : une feuille de papier avec le signe de l'euro",
            "p2": "Le CPAS peut vous aider. Ensemble, vous faites un plan pour rembourser vos dettes. Cela s'appelle la guidance budgétaire.",
            "steps": "Comment demander de l'aide",
            "s1": "Rassemblez vos factures et vos lettres.",
            "s2": "Appelez la maison sociale et prenez rendez-vous.",
            "s3": "Apportez votre carte d'identité et vos factures.",
            "know": "Vous recevez une lettre d'un huissier ? N'attendez pas. Appelez-nous tout de suite.",
            "name": "Maison sociale, service budget",
            "role": "Guidance budgétaire et médiation de dettes",
            "hours": "Mardi et jeudi, de 13 h à 16 h",
        },
        "en": {
            "title": "Paying your bills",
            "summary": "What you can do when you cannot pay your bills.",
            "p1": "You cannot pay your bills? That happens to many families. There is no need to feel ashamed.",
            "p1_alt": "A bill: a sheet of paper with a euro sign",
            "p2": "The public social welfare centre can help you. Together you make a plan to pay off your debts. That is called budget guidance.",
            "steps": "How to ask for help",
            "s1": "Collect your bills and letters.",
            "s2": "Call the social services and make an appointment.",
            "s3": "Bring your identity card and your bills.",
            "know": "Did you get a letter from a bailiff? Do not wait. Call us right away.",
            "name": "Social services, budget desk",
            "role": "Budget guidance and debt mediation",
            "hours": "Tuesday and Thursday, 1 pm to 4 pm",
        },
        "ar": {
            "title": "دفع فواتيرك",
            "summary": "ماذا تفعل إذا لم تستطع دفع فواتيرك.",
            "p1": "لا تستطيع دفع فواتيرك؟ هذا يحدث لأسر كثيرة. لا داعي للخجل.",
            "p1_alt": "فاتورة: ورقة عليها علامة اليورو",
            "p2": "يمكن لمركز الرعاية الاجتماعية أن يساعدك. معًا تضعون خطة لسداد ديونك. هذا يسمى مرافقة الميزانية.",
            "steps": "كيف تطلب المساعدة",
            "s1": "اجمع فواتيرك ورسائلك.",
            "s2": "اتصل بالبيت الاجتماعي وخذ موعدًا.",
            "s3": "أحضر بطاقة هويتك وفواتيرك.",
            "know": "هل وصلتك رسالة من محضر قضائي؟ لا تنتظر. اتصل بنا فورًا.",
            "name": "البيت الاجتماعي، قسم الميزانية",
            "role": "مرافقة الميزانية والوساطة في الديون",
            "hours": "الثلاثاء والخميس، من الساعة 13 إلى 16",
        },
    },
    "geld-voor-school": {
        "phone": "03 000 12 50",
        "email": "zorg@school.example",
        "pictogram": "kind",  # shown with p1 (demo.pictograms)
        "nl": {
            "title": "Geld voor school",
            "summary": "Een schooltoeslag helpt je om de schoolkosten te betalen.",
            "p1": "School kost geld. Denk aan boeken, uitstappen en een boekentas.",
            "p1_alt": "Een kind met een boekentas in de hand",
            "p2": "Met de schooltoeslag van het Groeipakket krijg je extra geld. Dat is voor gezinnen met een klein inkomen.",
            "steps": "Zo krijg je de schooltoeslag",
            "s1": "Je kind gaat naar school in Vlaanderen.",
            "s2": "Je krijgt de toeslag meestal vanzelf.",
            "s3": "Kreeg je niets tegen eind november? Bel je uitbetaler.",
            "know": "Je kan ook vragen om de schoolrekening in delen te betalen.",
            "name": "Leerlingenbegeleiding",
            "role": "Op de school van je kind",
            "hours": "Elke schooldag",
        },
        "fr": {
            "title": "De l'argent pour l'école",
            "summary": "Une allocation scolaire vous aide à payer les frais scolaires.",
            "p1": "L'école coûte de l'argent. Pensez aux livres, aux sorties et au cartable.",
            "p1_alt": "Un enfant avec un cartable à la main",
            "p2": "Avec l'allocation scolaire du Groeipakket, vous recevez de l'argent en plus. C'est pour les familles avec un petit revenu.",
            "steps": "Comment recevoir l'allocation scolaire",
            "s1": "Votre enfant va à l'école en Flandre.",
            "s2": "Le plus souvent, vous recevez l'allocation automatiquement.",
            "s3": "Vous n'avez rien reçu fin novembre ? Appelez votre caisse d'allocations.",
            "know": "Vous pouvez aussi demander de payer la facture de l'école en plusieurs fois.",
            "name": "Accompagnement des élèves",
            "role": "À l'école de votre enfant",
            "hours": "Chaque jour d'école",
        },
        "en": {
            "title": "Money for school",
            "summary": "A school allowance helps you pay for school costs.",
            "p1": "School costs money. Think of books, school trips and a school bag.",
            "p1_alt": "A child with a school bag in one hand",
            "p2": "With the school allowance of the Groeipakket you get extra money. It is for families with a small income.",
            "steps": "How to get the school allowance",
            "s1": "Your child goes to school in Flanders.",
            "s2": "Usually you get the allowance without asking.",
            "s3": "Nothing by the end of November? Call your payment office.",
            "know": "You can also ask to pay the school bill in parts.",
            "name": "Pupil guidance",
            "role": "At your child's school",
            "hours": "Every school day",
        },
        "ar": {
            "title": "مال للمدرسة",
            "summary": "منحة المدرسة تساعدك على دفع تكاليف المدرسة.",
            "p1": "المدرسة تكلف مالًا. فكر في الكتب والرحلات والحقيبة المدرسية.",
            "p1_alt": "طفل يحمل حقيبة مدرسية في يده",
            "p2": "مع منحة المدرسة من الـ Groeipakket تحصل على مال إضافي. هي للأسر ذات الدخل الصغير.",
            "steps": "كيف تحصل على منحة المدرسة",
            "s1": "طفلك يذهب إلى مدرسة في فلاندرن.",
            "s2": "غالبًا تحصل على المنحة تلقائيًا.",
            "s3": "لم تحصل على شيء حتى نهاية نوفمبر؟ اتصل بجهة الدفع.",
            "know": "يمكنك أيضًا أن تطلب دفع فاتورة المدرسة على دفعات.",
            "name": "مرافقة التلاميذ",
            "role": "في مدرسة طفلك",
            "hours": "كل يوم دراسي",
        },
    },
    "sporten-en-spelen": {
        "phone": "03 000 12 60",
        "email": "uitpas@stad.example",
        "pictogram": "bal",  # shown with p1 (demo.pictograms)
        "nl": {
            "title": "Goedkoop sporten en spelen",
            "summary": "Met een UiTPAS met kansentarief betaal je minder voor vrije tijd.",
            "p1": "Sporten, zwemmen of naar de jeugdbeweging gaan is goed voor je kind. Het is ook leuk.",
            "p1_alt": "Een voetbal",
            "p2": "Met een UiTPAS met kansentarief betaal je maar een klein deel van de prijs.",
            "steps": "Zo krijg je een UiTPAS",
            "s1": "Ga naar het sociaal huis of de bibliotheek.",
            "s2": "Neem je identiteitskaart mee.",
            "s3": "Je krijgt de pas meteen mee naar huis.",
            "know": "Ook volwassenen krijgen korting. Vraag ernaar aan de kassa.",
            "name": "UiTPAS-balie",
            "role": "In de bibliotheek",
            "hours": "Woensdag en zaterdag, van 10 tot 17 uur",
        },
        "fr": {
            "title": "Faire du sport et jouer à petit prix",
            "summary": "Avec une UiTPAS au tarif réduit, vous payez moins pour les loisirs.",
            "p1": "Faire du sport, nager ou aller au mouvement de jeunesse, c'est bon pour votre enfant. Et c'est amusant.",
            "p1_alt": "Un ballon de football",
            "p2": "Avec une UiTPAS au tarif réduit, vous ne payez qu'une petite partie du prix.",
            "steps": "Comment recevoir une UiTPAS",
            "s1": "Allez à la maison sociale ou à la bibliothèque.",
            "s2": "Apportez votre carte d'identité.",
            "s3": "Vous recevez la carte tout de suite.",
            "know": "Les adultes ont aussi une réduction. Demandez-la à la caisse.",
            "name": "Guichet UiTPAS",
            "role": "À la bibliothèque",
            "hours": "Mercredi et samedi, de 10 h à 17 h",
        },
        "en": {
            "title": "Sports and play for less",
            "summary": "With a UiTPAS at the reduced rate you pay less for leisure.",
            "p1": "Sports, swimming or a youth club are good for your child. They are fun too.",
            "p1_alt": "A football",
            "p2": "With a UiTPAS at the reduced rate you pay only a small part of the price.",
            "steps": "How to get a UiTPAS",
            "s1": "Go to the social services or the library.",
            "s2": "Bring your identity card.",
            "s3": "You take the card home right away.",
            "know": "Adults get a discount too. Ask for it at the till.",
            "name": "UiTPAS desk",
            "role": "In the library",
            "hours": "Wednesday and Saturday, 10 am to 5 pm",
        },
        "ar": {
            "title": "الرياضة واللعب بسعر رخيص",
            "summary": "مع بطاقة UiTPAS بالسعر المخفض تدفع أقل لأوقات الفراغ.",
            "p1": "الرياضة والسباحة ونادي الشباب مفيدة لطفلك. وهي ممتعة أيضًا.",
            "p1_alt": "كرة قدم",
            "p2": "مع بطاقة UiTPAS بالسعر المخفض تدفع جزءًا صغيرًا فقط من الثمن.",
            "steps": "كيف تحصل على بطاقة UiTPAS",
            "s1": "اذهب إلى البيت الاجتماعي أو المكتبة.",
            "s2": "أحضر بطاقة هويتك.",
            "s3": "تأخذ البطاقة معك إلى البيت فورًا.",
            "know": "الكبار أيضًا يحصلون على تخفيض. اسأل عنه عند الصندوق.",
            "name": "شباك UiTPAS",
            "role": "في المكتبة",
            "hours": "الأربعاء والسبت، من الساعة 10 إلى 17",
        },
    },
}

# Glossary: Dutch term: (other forms, explanation) and translations of some terms.
GLOSSARY = {
    "OCMW": (
        "",
        "Het sociaal huis van je gemeente. Daar kan je hulp vragen als je weinig geld hebt.",
    ),
    "budgetbegeleiding": (
        "",
        "Iemand helpt je om je geld goed te verdelen en je rekeningen te betalen.",
    ),
    "deurwaarder": (
        "deurwaarders",
        "Iemand die geld komt innen als je een rekening lang niet betaalt.",
    ),
    "schooltoeslag": (
        "schooltoeslagen",
        "Extra geld voor schoolkosten, voor gezinnen met een klein inkomen.",
    ),
    "Groeipakket": ("", "Het geld dat gezinnen in Vlaanderen krijgen voor hun kinderen."),
    "UiTPAS": ("", "Een pas waarmee je korting krijgt op sport, cultuur en uitstappen."),
    "kansentarief": ("", "Een lagere prijs voor mensen met weinig geld."),
    "leefloon": ("leeflonen", "Geld van het OCMW als je geen ander inkomen hebt."),
}

GLOSSARY_TRANSLATIONS = {
    "OCMW": {
        "fr": (
            "CPAS",
            "La maison sociale de votre commune. Vous pouvez y demander de l'aide si vous avez peu d'argent.",
        ),
        "en": (
            "public social welfare centre",
            "The social services of your town. You can ask for help there if you have little money.",
        ),
        "ar": (
            "مركز الرعاية الاجتماعية",
            "البيت الاجتماعي في بلديتك. يمكنك أن تطلب المساعدة هناك إذا كان لديك مال قليل.",
        ),
    },
    "UiTPAS": {
        "fr": (
            "UiTPAS",
            "Une carte qui donne des réductions sur le sport, la culture et les sorties.",
        ),
        "en": ("UiTPAS", "A card that gives you discounts on sports, culture and outings."),
        "ar": ("UiTPAS", "بطاقة تعطيك تخفيضًا على الرياضة والثقافة والرحلات."),
    },
    "budgetbegeleiding": {
        "fr": (
            "guidance budgétaire",
            "Quelqu'un vous aide à bien répartir votre argent et à payer vos factures.",
        ),
        "en": (
            "budget guidance",
            "Someone helps you to divide your money well and pay your bills.",
        ),
        "ar": ("مرافقة الميزانية", "شخص يساعدك على توزيع مالك جيدًا ودفع فواتيرك."),
    },
}
