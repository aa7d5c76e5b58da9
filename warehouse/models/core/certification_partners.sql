-- The organisations authorised to prepare each RNCP/RS certification (its fiche's partners), and whether each
-- is located in the region: the place the export gives, else the places in the region where a programme whose
-- responsible organisation has the partner's SIRET is taught now (core.programme_places: an offer whose sessions
-- all ended before the window locates no one). Grain: certification_id, partner_key.
with regional_providers as (
    select
        trainings.provider_siret as siret,
        list_sort(list_distinct(list(programme_places.department_code))) as departments,
    from {{ ref('programme_places') }} as programme_places
    inner join {{ ref('trainings') }} as trainings using (training_id)
    where trainings.provider_siret is not null
    group by trainings.provider_siret
)

select
    partners.certification as certification_id,
    partners.partner_key,
    partners.siret,
    partners.name,
    partners.habilitation,
    partners.is_active,
    partners.department,
    partners.commune_code,
    case
        when geography.is_in_region then [partners.department]
        else coalesce(regional_providers.departments, [])
    end as regional_departments,
    coalesce(geography.is_in_region, false) or regional_providers.siret is not null as is_in_region,
    case
        when geography.is_in_region then 'export'
        when regional_providers.siret is not null then 'regional programme'
    end as located_by,
from {{ ref('stg_catalogues__certification_partners') }} as partners
left join {{ ref('geography') }} as geography on geography.department_code = partners.department
left join regional_providers on regional_providers.siret = partners.siret
