"""The `digital_skills` component on a toy taxonomy: exact spans and ids for each rule it implements."""

from __future__ import annotations

import pytest


def found(extractor, text: str, kind: str = "skill") -> list[tuple[str, str]]:
    return [(m.concept_id, text[m.start : m.end]) for m in extractor.extract_one(text) if m.kind == kind]


def test_lists_symbols_and_dotted_names(toy_extractor):
    text = "Stack : Python/Java/Scala, C++ et C#, Node.js/React.js, CI/CD, .NET et SQL Server."
    assert found(toy_extractor, text) == [
        ("python", "Python"), ("java", "Java"), ("scala", "Scala"), ("cpp", "C++"), ("csharp", "C#"),
        ("nodejs", "Node.js"), ("react", "React.js"), ("cicd", "CI/CD"), ("dotnet", ".NET"), ("sql_server", "SQL Server"),
    ]


def test_a_slash_ending_a_word_is_list_glue(toy_extractor):
    assert found(toy_extractor, "Stack : Python/ Java/ Scala et Kubernetes/ AWS.") == [
        ("python", "Python"), ("java", "Java"), ("scala", "Scala"), ("kubernetes", "Kubernetes"), ("aws", "AWS"),
    ]


def test_case_accents_and_variants(toy_extractor):
    assert found(toy_extractor, "PYTHON, postgres, K8s, PowerBI, Méthodologie Agile, methodes agiles") == [
        ("python", "PYTHON"), ("postgresql", "postgres"), ("kubernetes", "K8s"), ("power_bi", "PowerBI"),
        ("agile", "Méthodologie Agile"), ("agile", "methodes agiles"),
    ]


def test_html_remnants_keep_offsets_into_the_given_text(toy_extractor):
    text = "D&eacute;veloppeur <b>Python</b>&nbsp;et Power&nbsp;BI&lt;br /&gt;Excel"
    assert found(toy_extractor, text) == [("python", "Python"), ("power_bi", "Power&nbsp;BI"), ("ms_excel", "Excel")]


@pytest.mark.parametrize(
    "text",
    [
        "Chef de projet informatique, vue d'ensemble du SI.",
        "Vue d'ensemble des besoins et tableau de bord mensuel.",
        "C'est les mes bon ce est. Service R&D. Catégorie C de la fonction publique.",
        "Go ! Rejoignez-nous. Le Tableau des effectifs. Notre Chef cuisinier.",
        "Permis B, C et D exigés.",
    ],
)
def test_french_words_and_ambiguous_names_out_of_context_are_not_skills(toy_extractor, text):
    assert found(toy_extractor, text) == []


def test_ambiguous_names_in_technical_context_are_skills(toy_extractor):
    assert found(toy_extractor, "Langage Go requis, Go/Python, programmation en C. Maîtrise de Tableau.") == [
        ("go", "Go"), ("go", "Go"), ("python", "Python"), ("c", "C"), ("tableau", "Tableau"),
    ]
    assert found(toy_extractor, "Connaissance de Vue ou React, C/C++, statistiques avec R et Python.") == [
        ("vuejs", "Vue"), ("react", "React"), ("c", "C"), ("cpp", "C++"), ("r", "R"), ("python", "Python"),
    ]


def test_activity_phrases_name_areas(toy_extractor):
    text = "Mettre en place une base de données relationnelle  Développer la partie front-end d'une application web"
    assert found(toy_extractor, text, "area") == [
        ("area:relational_databases", "Mettre en place une base de données relationnelle"),
        ("area:frontend_web", "Développer la partie front-end"),
    ]


def test_activity_verbs_and_objects_must_share_a_clause(toy_extractor):
    assert found(toy_extractor, "Concevoir des affiches. Base de données clients à jour.", "area") == []
    assert found(toy_extractor, "Vous concevez le modèle de données", "area") == [("area:relational_databases", "concevez le modèle de données")]


def test_named_skills_carry_their_areas(toy_extractor):
    (mention,) = toy_extractor.extract_one("Expérience sur PostgreSQL")
    assert mention.areas == ("area:relational_databases",)


def test_words_glued_by_a_feed_that_lost_its_line_breaks(toy_extractor):
    text = "Compétences :PythonJava, (SQL)o Concevoir, Azure***Détecter, -Kubernetes, LinkedIn"
    assert found(toy_extractor, text) == [
        ("python", "Python"), ("java", "Java"), ("sql", "SQL"), ("azure", "Azure"), ("kubernetes", "Kubernetes"),
    ]


def test_web_and_mail_addresses_name_no_skill(toy_extractor):
    assert found(toy_extractor, "Voir www.python.org ou https://aws.example/azure, écrire à java@scala.fr. Python requis.") == [
        ("python", "Python"),
    ]


def test_french_phrases_inflected_and_acronyms_in_the_plural(toy_extractor):
    text = "Logiciels embarqués, progiciel de gestion intégrée et plusieurs ERPs à maintenir (langage Go)."
    assert found(toy_extractor, text) == [
        ("embedded_software", "Logiciels embarqués"), ("erp", "progiciel de gestion intégrée"), ("erp", "ERPs"), ("go", "Go"),
    ]


def test_a_cue_before_a_list_covers_every_name_in_it(toy_extractor):
    # "Xen" alone is too far from "outils" for the cue window; the list carries the cue to it
    assert found(toy_extractor, "Vous maîtrisez les outils Tableau, Vue, Chef et Xen.") == [
        ("tableau", "Tableau"), ("vuejs", "Vue"), ("chef", "Chef"), ("xen", "Xen"),
    ]
    assert found(toy_extractor, "Environnement technique : Tableau, Vue, Chef et Xen.") == [
        ("tableau", "Tableau"), ("vuejs", "Vue"), ("chef", "Chef"), ("xen", "Xen"),
    ]
    assert found(toy_extractor, "Tableau, Vue, Chef et Xen.") == []


def test_an_acronym_of_a_skill_the_posting_names_elsewhere_is_that_skill(toy_extractor):
    text = "Déploiement d'un progiciel de gestion intégré. Vous paramétrez l'ERP avec les métiers."
    assert found(toy_extractor, text) == [("erp", "progiciel de gestion intégré"), ("erp", "ERP")]
    # without the skill named elsewhere, an ERP is also an établissement recevant du public
    assert found(toy_extractor, "Vous assurez la sécurité de l'ERP et des visiteurs.") == []
    # nor when the posting writes the letters as a word
    assert found(toy_extractor, "Progiciel de gestion intégré. XEN ou xen") == [("erp", "Progiciel de gestion intégré")]


def test_spacing_and_vendor_prefix_variants_are_generated(toy_extractor):
    text = "Bases Maria DB, planning sous MS-Project, serveurs Web Logic et Microsoft Excel."
    assert found(toy_extractor, text) == [
        ("mariadb", "Maria DB"), ("ms_project", "MS-Project"), ("weblogic", "Web Logic"), ("ms_excel", "Microsoft Excel"),
    ]
    # spaced, a camelCase name whose pieces are words is an ordinary phrase unless written as the name, in context
    assert found(toy_extractor, "Un web logic de navigation. Web Logic.") == []


def test_a_name_qualifying_an_address_is_no_product(toy_extractor):
    text = "Parc Mac et Python. Blocage des adresses MAC par port, table des MAC addresses et Python."
    assert found(toy_extractor, text) == [("macos", "Mac"), ("python", "Python"), ("python", "Python")]


def test_an_acronym_is_what_the_posting_defines_it_to_be(toy_extractor):
    text = "Service mutualisé des Systèmes d'Information (SSI) : Python, Java et SQL. Outils du SSI."
    assert found(toy_extractor, text) == [("python", "Python"), ("java", "Java"), ("sql", "SQL")]
    text = "Sécurité des Systèmes d'Information (SSI) : Python, Java, SQL et SSI."
    assert found(toy_extractor, text) == [
        ("cybersecurity", "Sécurité des Systèmes d'Information"), ("cybersecurity", "SSI"), ("python", "Python"),
        ("java", "Java"), ("sql", "SQL"), ("cybersecurity", "SSI"),
    ]
    # spelled differently, the same words: "Entreprise Ressources Planning" is Enterprise Resource Planning
    assert found(toy_extractor, "Connaître l'Entreprise Ressources Planning (ERP) du groupe.") == [("erp", "ERP")]


def test_in_a_technical_posting_an_ambiguous_acronym_is_the_skill(toy_extractor):
    assert found(toy_extractor, "Python, Java et SQL. Vous gérez les NAS et les sauvegardes.") == [
        ("python", "Python"), ("java", "Java"), ("sql", "SQL"), ("san_nas", "NAS"),
    ]
    assert found(toy_extractor, "Python et Java. Vous gérez les NAS et les sauvegardes.") == [("python", "Python"), ("java", "Java")]
    # not inside a heading written in capitals, nor joined by a hyphen to another name
    assert found(toy_extractor, "Python, Java et SQL. VOS NAS PRÉFÉRÉS") == [("python", "Python"), ("java", "Java"), ("sql", "SQL")]
    assert found(toy_extractor, "Python, Java et SQL. Le système NAS-OS.") == [("python", "Python"), ("java", "Java"), ("sql", "SQL")]
    # two letters name too many things: only in a clause that names another skill
    assert found(toy_extractor, "Python, Java et SQL. Vous gérez les services AD et Kubernetes.") == [
        ("python", "Python"), ("java", "Java"), ("sql", "SQL"), ("active_directory", "AD"), ("kubernetes", "Kubernetes"),
    ]
    assert found(toy_extractor, "Python, Java et SQL. Vous gérez les services AD au quotidien.") == [
        ("python", "Python"), ("java", "Java"), ("sql", "SQL"),
    ]


def test_mentions_in_the_employers_presentation_are_kept_and_flagged(toy_extractor):
    text = "Qui sommes-nous ?\nUn groupe leader du cloud AWS et de Python.\nVos missions :\nDévelopper en Python."
    doc = toy_extractor.nlp(text)
    assert [(s.text, s._.in_company_presentation) for s in doc.spans["skills"]] == [
        ("AWS", True), ("Python", True), ("Python", False)]
    assert [(m.concept_id, m.in_company_presentation) for m in toy_extractor.extract_one(text) if m.kind == "skill"] == [
        ("aws", True), ("python", True), ("python", False)]


def test_a_hyphen_ending_a_word_is_list_glue(toy_extractor):
    # bullets glued to the end of an item by a feed that lost its line breaks
    text = "Compétences attendues:- systèmes (AD/Python)- scripting (Java et Scala)- pare-feu Cisco- anglais technique"
    assert found(toy_extractor, text) == [
        ("active_directory", "AD"), ("python", "Python"), ("java", "Java"), ("scala", "Scala"), ("cisco", "Cisco"),
    ]


def test_words_glued_after_a_version_or_a_symbol(toy_extractor):
    text = "Administration de la messagerie Office 365Gestion des sauvegardes, PowerShell, C#Informations complémentaires"
    assert found(toy_extractor, text) == [("microsoft_365", "Office 365"), ("csharp", "C#")]


def test_a_word_of_a_skills_name_is_not_split_as_glued(toy_extractor):
    assert found(toy_extractor, "des sujets tels que la User eXperience, la data") == [("ux_design", "User eXperience")]


def test_a_makers_name_stands_for_its_products_in_a_technical_context(toy_extractor):
    assert found(toy_extractor, "Connaissances sur matériel : HP, Dell, Cisco. Switch HPE / Cisco.") == [
        ("hp_hardware", "HP"), ("dell_hardware", "Dell"), ("cisco", "Cisco"), ("hp_hardware", "HPE"), ("cisco", "Cisco"),
    ]
    assert found(toy_extractor, "La maîtrise des environnements Opensource ou Microsoft est nécessaire.") == [
        ("ms_technologies", "Microsoft"),
    ]
    assert found(toy_extractor, "Maintien d'une infrastructure Microsoft :\n- Python") == [
        ("ms_technologies", "Microsoft"), ("python", "Python"),
    ]
    # written with a product it makes, it is part of the product's name
    assert found(toy_extractor, "Serveurs : Microsoft Windows Server. Stockage : Dell PowerScale.") == [
        ("windows_server", "Microsoft Windows Server"), ("dell_emc_storage", "Dell PowerScale"),
    ]


def test_a_makers_name_as_the_organisation_is_no_skill(toy_extractor):
    skills = [("python", "Python"), ("java", "Java"), ("sql", "SQL")]
    # the acronym rules of technical postings never take a maker's name
    assert found(toy_extractor, "Chez DELL, vous codez en Python, Java et SQL.") == [
        ("python", "Python"), ("java", "Java"), ("sql", "SQL"),
    ]
    assert found(toy_extractor, "Environnement : solutions VxRail de Dell, Python, Java, SQL") == skills
    assert found(toy_extractor, "Notre partenariat avec Microsoft, Python, Java, SQL") == skills
    assert found(toy_extractor, "Outils : Microsoft : Python, Java, SQL") == skills
    assert found(toy_extractor, "Avantages : accès illimité à Microsoft Learn. Python, Java, SQL") == skills
    assert found(toy_extractor, "Mutuelle, CESU AP-HP, environnement Python, Java, SQL") == skills


def test_method_and_domain_nouns_in_context_and_their_article_variants(toy_extractor):
    text = "Serveurs Linux et containers. Déploiement de conteneurs. La visualisation des données, des visualisations de données."
    assert found(toy_extractor, text) == [
        ("containerisation", "containers"), ("containerisation", "conteneurs"),
        ("data_viz", "visualisation des données"), ("data_viz", "visualisations de données"),
    ]
    assert found(toy_extractor, "Chargement des conteneurs au port et préparation des commandes.") == []


def test_an_acronym_keeps_its_meaning_before_its_complement(toy_extractor):
    assert found(toy_extractor, "Bonne connaissance d'un ERP de gestion et de Python.") == [("erp", "ERP"), ("python", "Python")]
    # a word followed by "de" is an ordinary phrase, in capitals too
    assert found(toy_extractor, "Connaissance Python : Chef de projet, CHEF DE PROJET.") == [("python", "Python")]


def test_an_inverted_question_mark_is_a_space_decoded_wrongly(toy_extractor):
    text = "L'environnement¿technique¿:¿Python,¿Java/Scala"
    assert found(toy_extractor, text) == [("python", "Python"), ("java", "Java"), ("scala", "Scala")]


def test_a_hyphenated_name_split_by_the_tokenizer_after_a_slash(toy_extractor):
    # "Python/Hyper-V" is tokenised "Python", "/", "Hyper", "-", "V": the name's pattern is split the same way
    assert found(toy_extractor, "Virtualisation : Python/Hyper-V") == [("python", "Python"), ("hyper_v", "Hyper-V")]


def test_two_names_glued_are_split_where_both_are_known(toy_extractor):
    # not "Hyper" + "VPRTG" at the lower-case/capital boundary, but the two names the taxonomy knows whole
    assert found(toy_extractor, "Environnement : Java, HyperVPRTG, SQL") == [
        ("java", "Java"), ("hyper_v", "HyperV"), ("prtg", "PRTG"), ("sql", "SQL"),
    ]


def test_ambiguous_names_chain_through_a_list_as_far_as_it_goes(toy_extractor):
    # three steps: "Office" next to "Office 365", then "Exchange" next to "Office", then "Microsoft" before "(Exchange"
    assert found(toy_extractor, "Suite Microsoft (Exchange, Office, Office 365).") == [
        ("ms_technologies", "Microsoft"), ("exchange", "Exchange"), ("ms_office", "Office"), ("microsoft_365", "Office 365"),
    ]


def test_an_ambiguous_name_ending_a_compound_is_no_product(toy_extractor):
    assert found(toy_extractor, "L'équipe Front-Office développe en Python et Java.") == [("python", "Python"), ("java", "Java")]
    # joined to a name, it is a list: "Java-Go"
    assert found(toy_extractor, "Stack : Java-Go") == [("java", "Java"), ("go", "Go")]


def test_an_unknown_name_between_list_glue_keeps_the_list_going(toy_extractor):
    text = "Antivirus : Python, ScanMail (Exchange), Java"
    assert found(toy_extractor, text) == [("python", "Python"), ("exchange", "Exchange"), ("java", "Java")]
    # not a lower-case word, and not a name joined to the next word by a hyphen ("NX-OS", "Go-live")
    assert found(toy_extractor, "Python, agendas, Go.") == [("python", "Python")]
    assert found(toy_extractor, "Python, Foo, Go-live") == [("python", "Python")]


def test_what_the_posting_excludes_or_names_as_an_organisation_is_not_demanded(toy_extractor):
    skills = [("python", "Python"), ("java", "Java")]
    assert found(toy_extractor, "Python, Java. Gérer des équipements non Microsoft, connaissances hors SQL Server.") == skills
    assert found(toy_extractor, "Python, Java. Solutions Kubernetes en partenariat avec Azure.") == [
        *skills, ("kubernetes", "Kubernetes"),
    ]
    # unless the posting says the partner's name is the technology it uses
    assert found(toy_extractor, "Python, Java. En partenariat avec Azure (technologie cloud utilisée).") == [
        *skills, ("azure", "Azure"),
    ]
    # the organisation the posting names after "chez"/"Rejoindre", wherever else it is written
    assert found(toy_extractor, "Bienvenue chez AWS Conseil ! Rejoindre AWS Conseil : Python, Java, AWS.") == skills


def test_a_makers_name_a_slash_and_its_own_product_are_one_mention(toy_extractor):
    # "Office 365" is a form of Microsoft 365, whose name starts with the maker's; Python is no Microsoft product
    assert found(toy_extractor, "Administration Microsoft/Office 365 et Microsoft/Python") == [
        ("microsoft_365", "Microsoft/Office 365"), ("ms_technologies", "Microsoft"), ("python", "Python"),
    ]


def test_systems_are_a_technical_cue(toy_extractor):
    # "Systèmes AIX (Solaris)", "systèmes d'exploitation Microsoft", "le système ERP M3"
    assert found(toy_extractor, "Administration des systèmes Xen (Mac).") == [("xen", "Xen"), ("macos", "Mac")]
