-- One row per skill or area mention in a programme unit (RNCP bloc, LHEO objectives or contents, title).
select
    training_id,
    unit_id,
    concept_id,
    kind,
    start_offset,
    end_offset,
    surface,
    'text' as evidence,
from {{ source('landing', 'training_mentions') }}
