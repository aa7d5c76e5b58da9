-- The partners of each RNCP/RS certification (organisations authorised to prepare it), unnested from the JSON
-- list landed with its fiche. Grain: certification, partner_key (the SIRET, else the name).
with source as (
    select
        certification,
        unnest(from_json(partners, '[{"siret": "VARCHAR", "name": "VARCHAR", "habilitation": "VARCHAR", "is_active": "BOOLEAN",
            "department": "VARCHAR", "commune_code": "VARCHAR"}]')) as partner,
    from {{ source('landing', 'trainings') }}
    where certification is not null and partners is not null and partners <> '[]'
)

select distinct on (certification, coalesce(partner.siret, partner.name))
    certification,
    coalesce(partner.siret, partner.name) as partner_key,
    partner.siret as siret,
    partner.name as name,
    partner.habilitation as habilitation,
    coalesce(partner.is_active, true) as is_active,
    partner.department as department,
    partner.commune_code as commune_code,
from source
order by certification, coalesce(partner.siret, partner.name), partner.is_active desc
