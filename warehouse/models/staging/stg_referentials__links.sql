-- Links from official referential items (ROME 4.0 digital items, ESCO skills) to taxonomy concepts,
-- as computed by `observatory referentials`. Grain: referential, code, concept_id.
select
    referential,
    code,
    label,
    concept_id,
    match,
from {{ source('landing', 'referential_links') }}
