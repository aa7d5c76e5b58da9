"""Every word of the report site, in French (the default) and English. Templates never hold prose of their own."""

from __future__ import annotations

FR = {
    "site": "Observatoire des compétences numériques — Occitanie",
    "index_title": "Compétences demandées et enseignées",
    "method_title": "Méthode et sources",
    "other_language": "English version", "other_language_code": "en",
    "night": "Données de la nuit du {date}",
    "window": "Fenêtre d'analyse : postes publiés du {start} au {end} (comparés aux {months} mois précédents).",
    "posting_period": "Offres reçues : créées du {first} au {last} ; dernière collecte le {seen}.",
    "no_postings": "Aucune offre d'emploi n'a été chargée.",
    "key_jobs": "postes numériques distincts dans la fenêtre (région)",
    "key_certifications": "certifications numériques proposées dans la région",
    "key_programmes": "formations proposées dans la région (sessions en cours ou à venir)",
    "back": "← Toutes les formations", "to_method": "Méthode, sources et définitions",
    "print_note": "Imprimable en A4 (Fichier → Imprimer).",
    # index
    "top_skills": "Les compétences numériques les plus demandées",
    "top_skills_intro": "Part des postes numériques de la région qui demandent chaque compétence, exigée ou "
                        "seulement souhaitée, avec son intervalle de confiance à 95 % et son évolution par rapport "
                        "à la fenêtre précédente.",
    "required": "exigée", "wished": "souhaitée", "skill": "Compétence", "area": "Domaine",
    "jobs_asking": "Postes qui la demandent", "share": "Part (IC 95 %)", "required_share": "dont exigée",
    "trend": "Évolution", "trend_none": "pas de fenêtre précédente", "trend_points": "{points:+.0f} pts",
    "gaps": "Les écarts les plus nets entre demande et enseignement",
    "gaps_intro": "Un écart est net quand les intervalles de confiance de la demande (part des postes) et de "
                  "l'offre (part des certifications proposées) ne se chevauchent pas. Les écarts nets d'abord, puis les "
                  "plus grands écarts non significatifs, signalés comme tels ; les petits effectifs sont écartés.",
    "under": "Plus demandé qu'enseigné (sous-formé)", "over": "Plus enseigné que demandé (sur-formé)",
    "demand": "Demande : postes", "supply": "Offre : certifications", "gap": "Écart",
    "by_place": "Par territoire", "by_place_intro": "Les écarts nets de chaque territoire (domaines et compétences) : "
                "l'ex-Languedoc-Roussillon face à l'ex-Midi-Pyrénées, puis chaque département.",
    "place": "Territoire", "jobs": "Postes", "certifications": "Certifications",
    "no_clear_gap": "aucun écart net", "no_data_place": "pas de données",
    "sources": "Sources, volumes et couverture",
    "source": "Source", "licence": "Licence", "records": "Enregistrements", "in_region": "en Occitanie",
    "with_skills": "avec compétences lues", "quarantined": "refusés",
    "period": "Période", "last_seen": "Dernière collecte",
    "programmes": "Les formations, par lieu et niveau",
    "programmes_intro": "Le score d'alignement : la part de la demande de son marché (compétences exigées par les "
                        "postes des métiers auxquels elle prépare) que la formation enseigne.",
    "search": "Rechercher une formation, un organisme, une ville :", "search_none": "Aucune formation ne correspond.",
    "programme": "Formation", "provider": "Organisme", "city": "Ville", "level": "Niveau",
    "market": "Marché (postes)", "score": "Alignement", "national": "Certifications proposées dans la région (fiches RNCP, sans lieu)",
    "department": "Département", "level_n": "niveau {n}", "level_unknown": "niveau non précisé",
    # programme page
    "teaches": "Ce qu'elle enseigne",
    "teaches_intro": "Compétences et domaines nommés dans ses textes (ses contenus, ou les blocs de la fiche RNCP de "
                     "la certification qu'elle prépare), avec le passage d'où chacun est tiré.",
    "from_programme": "contenu de la formation", "from_certification": "bloc de la certification",
    "asked_by_market": "demandée par son marché", "not_asked": "non demandée par son marché",
    "market_title": "Son marché : les métiers auxquels elle prépare",
    "market_intro": "Les postes de la région, sur la fenêtre, des métiers (ROME) suivants : {jobs} postes distincts.",
    "occupation": "Métier (ROME)", "match": "Lien", "similarity": "Proximité",
    "matches": {"rome": "code ROME de la formation", "rome_family": "fiche ROME 4.0 de son code",
                "nearest": "métier le plus proche de ses contenus (sans code ROME)"},
    "no_market": "Aucun métier ni poste n'a pu être associé à cette formation : pas de score.",
    "alignment": "Score d'alignement",
    "alignment_text": "{score} de la demande exigée par son marché porte sur des compétences qu'elle enseigne "
                      "({taught} compétences enseignées et demandées, {missing} demandées et non enseignées).",
    "small_market": "Petit marché ({jobs} postes) : le score et les paliers ne sont pas des constats.",
    "missing": "Ce que son marché demande et qu'elle n'enseigne pas",
    "missing_intro": "Nécessaire : demandée par au moins la moitié des postes de son marché ; fréquente : au moins "
                     "15 % ; émergente : part au moins doublée depuis la fenêtre précédente.",
    "tiers": {"necessary": "Nécessaires", "frequent": "Fréquentes", "emerging": "Émergentes"},
    "tier_one": {"necessary": "nécessaire", "frequent": "fréquente", "emerging": "émergente"},
    "tier_empty": "aucune",
    "untiered": "{n} autres compétences sont demandées par son marché, par moins de 15 % de ses postes et sans "
                "hausse nette : elles ne sont pas listées.",
    "examples": "Exemples d'offres", "posted": "publiée le {date}", "read": "lire l'offre",
    "areas_missing": "Domaines demandés, non enseignés",
    "taught_not_asked": "Ce qu'elle enseigne et que son marché ne demande pas",
    "taught_not_asked_intro": "Aucun poste de son marché, sur la fenêtre, ne cite ces compétences : à vérifier "
                              "avant d'en conclure quoi que ce soit (elles peuvent être implicites dans les offres).",
    "consider": "À envisager",
    "consider_intro": "Pistes tirées des paliers ci-dessus, les plus demandées d'abord ; les petits effectifs n'y "
                      "figurent pas.",
    "consider_line": "Ajouter {skill} : demandée par {jobs} des {total} postes de son marché ({share}, entre "
                     "{low} et {high}){required}.",
    "consider_required": ", exigée dans {n}",
    "consider_none": "Rien à ajouter de manière sûre avec les données actuelles.",
    "consider_small": "Son marché est trop petit ({jobs} postes) pour proposer des ajouts sûrs.",
    "small_cell": "petit effectif", "small_cell_long": "petit effectif : à ne pas lire comme un fait",
    "chart_top": "Compétences les plus demandées : part des postes numériques de la région",
    "table_below": "les chiffres du graphique sont dans le tableau qui suit.",
    "none": "aucune",
    # method page
    "method_intro": "Comment chaque chiffre est obtenu, en mots simples, et la requête SQL qui le produit. Les "
                    "définitions complètes sont dans docs/method.md et dans les descriptions du modèle de données.",
    "method_sections": [
        ("Un poste, pas une annonce",
         ("Une offre republiée (même recruteur, même texte, même lieu) ne compte qu'une fois : c'est un « poste ». "
         "La fenêtre couvre les {months} derniers mois civils jusqu'au mois de la nuit.")),
        ("Le périmètre numérique",
         ("Un poste est numérique quand son métier ROME est un métier du numérique ; sans code ROME, quand son texte "
         "nomme un domaine du numérique ou en demande deux. Une certification est numérique quand elle prépare à un "
         "tel métier.")),
        ("Les compétences",
         ("Les compétences et domaines sont lus dans les offres et les formations avec la même taxonomie (lecture "
         "automatique en français). Un domaine compte quand le texte le nomme ou quand assez de ses compétences "
         "spécifiques apparaissent : Python seul ne fait pas un poste « IA ».")),
        ("Parts, intervalles, petits effectifs",
         ("Chaque part est donnée avec ses effectifs et son intervalle de confiance à 95 % (Wilson). Moins de 5 "
         "postes, ou moins de 3 certifications : petit effectif, signalé et jamais présenté comme un constat. Un "
         "écart est net seulement si les deux intervalles ne se chevauchent pas.")),
        ("Le marché d'une formation",
         ("Les postes de la région, sur la fenêtre, des métiers ROME auxquels elle prépare (ceux de sa fiche RNCP ; "
         "sans code, les trois métiers dont les postes ressemblent le plus à ce qu'elle enseigne, signalés comme "
         "tels). Ce qu'elle enseigne : ses propres contenus et les blocs de la certification qu'elle prépare.")),
        ("Score d'alignement et paliers",
         ("Score : la part de la demande exigée de son marché (chaque compétence pesant le nombre de postes qui "
         "l'exigent) qu'elle enseigne. Paliers des compétences manquantes : nécessaire (au moins 50 % des postes), "
         "fréquente (au moins 15 %), émergente (part au moins doublée depuis la fenêtre précédente, au moins 3 "
         "postes).")),
    ],
    "quality": "Qualité de la lecture automatique",
    "quality_intro": "Mesurée sur des offres réelles annotées à la main (précision : part des compétences trouvées "
                     "qui sont justes ; rappel : part des compétences présentes qui sont trouvées). Mesure du {date} : "
                     "{command}.",
    "gold_set": "Jeu annoté", "precision": "Précision", "recall": "Rappel",
    "sources_intro": "Les sources et leurs conditions de réutilisation. Les offres ne sont pas republiées : le site "
                     "en montre le titre, l'employeur, le lieu, la date et le lien.",
    "referentials": [
        "Métiers : ROME 4.0 de France Travail (Licence Ouverte / Etalab 2.0).",
        "Départements et régions : Code officiel géographique de l'INSEE (Licence Ouverte / Etalab 2.0).",
        ("Taxonomie des compétences : celle du projet (transforms/taxonomy), reliée à ESCO (Commission européenne, "
        "décision 2011/833/UE) quand un lien existe."),
    ],
    "sql": "Requêtes", "sql_intro": "Chaque figure lit une seule table du schéma marts de l'entrepôt DuckDB ; voici "
           "les requêtes exactes (paramètres entre points d'interrogation).",
    "statuses": {"asked_more_than_taught": "plus demandé qu'enseigné", "taught_more_than_asked": "plus enseigné que demandé",
                 "not_significant": "écart non significatif", "small_cell": "petit effectif", "no_data": "pas de données"},
    "date_format": "{d.day:02d}/{d.month:02d}/{d.year}",
}

EN = {
    "site": "Digital skills observatory — Occitanie",
    "index_title": "Skills asked for and skills taught",
    "method_title": "Method and sources",
    "other_language": "Version française", "other_language_code": "fr",
    "night": "Data of the night of {date}",
    "window": "Analysis window: jobs posted from {start} to {end} (compared with the {months} months before).",
    "posting_period": "Postings received: created from {first} to {last}; last collected on {seen}.",
    "no_postings": "No job posting was loaded.",
    "key_jobs": "distinct digital jobs in the window (region)",
    "key_certifications": "digital certifications offered in the region",
    "key_programmes": "programmes offered in the region (current or coming sessions)",
    "back": "← All programmes", "to_method": "Method, sources and definitions",
    "print_note": "Prints on A4 (File → Print).",
    "top_skills": "The most demanded digital skills",
    "top_skills_intro": "Share of the region's digital jobs asking for each skill, required or only wished, with its "
                        "95% confidence interval and its change since the previous window.",
    "required": "required", "wished": "wished", "skill": "Skill", "area": "Area",
    "jobs_asking": "Jobs asking for it", "share": "Share (95% CI)", "required_share": "of which required",
    "trend": "Change", "trend_none": "no previous window", "trend_points": "{points:+.0f} pts",
    "gaps": "The clearest gaps between demand and teaching",
    "gaps_intro": "A gap is clear when the confidence intervals of demand (share of jobs) and supply (share of the "
                  "certifications offered) do not overlap. Clear gaps first, then the widest gaps that are not significant, "
                  "labelled so; small cells are left out.",
    "under": "Asked more than taught (under-trained)", "over": "Taught more than asked (over-trained)",
    "demand": "Demand: jobs", "supply": "Supply: certifications", "gap": "Gap",
    "by_place": "By place", "by_place_intro": "Each place's clear gaps (areas and skills): former Languedoc-Roussillon "
                "against former Midi-Pyrénées, then each department.",
    "place": "Place", "jobs": "Jobs", "certifications": "Certifications",
    "no_clear_gap": "no clear gap", "no_data_place": "no data",
    "sources": "Sources, volumes and coverage",
    "source": "Source", "licence": "Licence", "records": "Records", "in_region": "in Occitanie",
    "with_skills": "with skills read", "quarantined": "refused",
    "period": "Period", "last_seen": "Last collected",
    "programmes": "Programmes, by place and level",
    "programmes_intro": "Alignment score: the share of its market's demand (skills required by the jobs of the "
                        "occupations it leads to) that the programme teaches.",
    "search": "Search a programme, a provider, a town:", "search_none": "No programme matches.",
    "programme": "Programme", "provider": "Provider", "city": "Town", "level": "Level",
    "market": "Market (jobs)", "score": "Alignment", "national": "Certifications offered in the region (RNCP fiches, no place)",
    "department": "Department", "level_n": "level {n}", "level_unknown": "level not stated",
    "teaches": "What it teaches",
    "teaches_intro": "Skills and areas named in its texts (its contents, or the blocs of the RNCP fiche of the "
                     "certification it prepares), with the passage each comes from.",
    "from_programme": "programme content", "from_certification": "certification bloc",
    "asked_by_market": "asked for by its market", "not_asked": "not asked for by its market",
    "market_title": "Its market: the occupations it leads to",
    "market_intro": "The region's jobs, over the window, of the following occupations (ROME): {jobs} distinct jobs.",
    "occupation": "Occupation (ROME)", "match": "Link", "similarity": "Closeness",
    "matches": {"rome": "ROME code of the programme", "rome_family": "ROME 4.0 sheet of its code",
                "nearest": "occupation closest to its contents (no ROME code)"},
    "no_market": "No occupation or job could be linked to this programme: no score.",
    "alignment": "Alignment score",
    "alignment_text": "{score} of the demand required by its market is for skills it teaches ({taught} skills "
                      "taught and asked for, {missing} asked for and not taught).",
    "small_market": "Small market ({jobs} jobs): the score and tiers are not facts.",
    "missing": "What its market asks for that it does not teach",
    "missing_intro": "Necessary: asked for by at least half of its market's jobs; frequent: at least 15%; emerging: "
                     "share at least doubled since the previous window.",
    "tiers": {"necessary": "Necessary", "frequent": "Frequent", "emerging": "Emerging"},
    "tier_one": {"necessary": "necessary", "frequent": "frequent", "emerging": "emerging"},
    "tier_empty": "none",
    "untiered": "{n} other skills are asked for by its market, by fewer than 15% of its jobs and without a clear "
                "rise: they are not listed.",
    "examples": "Example postings", "posted": "posted on {date}", "read": "read the posting",
    "areas_missing": "Areas asked for, not taught",
    "taught_not_asked": "What it teaches that its market does not ask for",
    "taught_not_asked_intro": "No job of its market, over the window, names these skills: check before concluding "
                              "anything (postings may take them for granted).",
    "consider": "To consider",
    "consider_intro": "Suggestions from the tiers above, most asked for first; small cells are left out.",
    "consider_line": "Add {skill}: asked for by {jobs} of the {total} jobs of its market ({share}, between {low} and "
                     "{high}){required}.",
    "consider_required": ", required by {n}",
    "consider_none": "Nothing to add with confidence from the current data.",
    "consider_small": "Its market is too small ({jobs} jobs) to suggest additions with confidence.",
    "small_cell": "small cell", "small_cell_long": "small cell: not to be read as a fact",
    "chart_top": "Most demanded skills: share of the region's digital jobs",
    "table_below": "the chart's figures are in the table that follows.",
    "none": "none",
    "method_intro": "How each figure is obtained, in plain words, and the SQL query behind it. Full definitions are "
                    "in docs/method.md and in the data model's descriptions.",
    "method_sections": [
        ("A job, not a posting",
         ("A posting published again (same recruiter, same text, same place) counts once: a \"job\". The window "
         "covers the last {months} calendar months up to the night's month.")),
        ("Digital scope",
         ("A job is digital when its ROME occupation is a digital one; without a ROME code, when its text names a "
         "digital area or asks for two. A certification is digital when it leads to such an occupation.")),
        ("Skills",
         ("Skills and areas are read in postings and programmes with one taxonomy (automatic reading, in French). An "
         "area counts when the text names it or when enough of its specific skills appear: Python alone does not "
         "make an AI job.")),
        ("Shares, intervals, small cells",
         ("Every share comes with its counts and its 95% (Wilson) confidence interval. Fewer than 5 jobs, or fewer "
         "than 3 certifications: a small cell, flagged and never shown as a fact. A gap is clear only when the two "
         "intervals do not overlap.")),
        ("A programme's market",
         ("The region's jobs, over the window, of the ROME occupations it leads to (those of its RNCP fiche; without "
         "a code, the three occupations whose jobs look most like what it teaches, stated as such). What it "
         "teaches: its own contents and the blocs of the certification it prepares.")),
        ("Alignment score and tiers",
         ("Score: the share of its market's required demand (each skill weighted by the jobs requiring it) that it "
         "teaches. Tiers of missing skills: necessary (at least 50% of jobs), frequent (at least 15%), emerging "
         "(share at least doubled since the previous window, at least 3 jobs).")),
    ],
    "quality": "Quality of the automatic reading",
    "quality_intro": "Measured on real postings annotated by hand (precision: share of the skills found that are "
                     "right; recall: share of the skills present that are found). Measured on {date}: {command}.",
    "gold_set": "Annotated set", "precision": "Precision", "recall": "Recall",
    "sources_intro": "The sources and their terms of reuse. Postings are not republished: the site shows their title, "
                     "employer, place, date and link.",
    "referentials": [
        "Occupations: France Travail's ROME 4.0 (Licence Ouverte / Etalab 2.0).",
        "Departments and regions: INSEE's Code officiel géographique (Licence Ouverte / Etalab 2.0).",
        ("Skills taxonomy: the project's own (transforms/taxonomy), linked to ESCO (European Commission, decision "
        "2011/833/EU) where a link exists."),
    ],
    "sql": "Queries", "sql_intro": "Each figure reads one table of the DuckDB warehouse's marts schema; these are the "
           "exact queries (parameters as question marks).",
    "statuses": {"asked_more_than_taught": "asked more than taught", "taught_more_than_asked": "taught more than asked",
                 "not_significant": "not significant", "small_cell": "small cell", "no_data": "no data"},
    "date_format": "{d.year}-{d.month:02d}-{d.day:02d}",
}

LABELS = {"fr": FR, "en": EN}
LANGUAGES = tuple(LABELS)
