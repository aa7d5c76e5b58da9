-- The programmes of the regional supply, those the programme marts and the report site describe
-- (docs/method.md, "Offered in the region"). Grain: training_id.
-- role 'programme': an active programme taught in the region now (core.certification_offers, offered_by
-- 'programme'); role 'certification': the RNCP/RS fiche of a certification offered in the region (by a programme
-- or a partner). A national catalogue entry (ONISEP Idéo), a programme outside the region, an offer whose
-- sessions all ended before the window and the fiche of a certification not offered in the region are not here.
with offers as (
    select * from {{ ref('certification_offers') }}
),

programmes as (
    select
        offer_id as training_id,
        'programme' as role,
        list_sort(list_distinct(list(department_code))) as departments,
    from offers
    where offered_by = 'programme'
    group by offer_id
),

fiches as (
    select
        trainings.training_id,
        'certification' as role,
        list_sort(list_distinct(list(offers.department_code))) as departments,
    from {{ ref('trainings') }} as trainings
    inner join offers using (certification_id)
    where trainings.supply_scope = 'certification_register'
      and trainings.training_id not in (select training_id from programmes)
    group by trainings.training_id
)

select
    supply.training_id,
    trainings.certification_id,
    supply.role,
    supply.departments,
from (select * from programmes union all select * from fiches) as supply
inner join {{ ref('trainings') }} as trainings using (training_id)
