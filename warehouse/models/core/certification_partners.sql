-- The organisations authorised to prepare each RNCP/RS certification (its fiche's partners), and whether each
-- is located in the region: the place the export gives, else a programme of the catalogues in the region whose
-- responsible organisation has the partner's SIRET. Grain: certification_id, partner_key.
with regional_providers as (
    select
        provider_siret as siret,
        list_sort(list_distinct(list(department) filter (where department is not null))) as departments,
    from {{ ref('trainings') }}
    where is_regional and provider_siret is not null
    group by provider_siret
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
    coalesce(regional_providers.departments, []) as regional_departments,
    coalesce(geography.is_in_region, false) or regional_providers.siret is not null as is_in_region,
    case
        when geography.is_in_region then 'export'
        when regional_providers.siret is not null then 'regional programme'
    end as located_by,
from {{ ref('stg_catalogues__certification_partners') }} as partners
left join {{ ref('geography') }} as geography on geography.department_code = partners.department
left join regional_providers on regional_providers.siret = partners.siret
