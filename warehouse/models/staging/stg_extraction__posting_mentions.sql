-- One row per skill or area mention in a posting (title, description or structured competence).
select
    posting_id,
    unit_id,
    concept_id,
    kind,
    start_offset,
    end_offset,
    surface,
    requirement,
    case when unit_id like 'structured:%' then 'structured' else 'text' end as evidence,
    coalesce(in_company_presentation, false) as in_company_presentation,
from {{ source('landing', 'posting_mentions') }}
