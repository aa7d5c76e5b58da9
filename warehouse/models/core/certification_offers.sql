-- Where each certification is offered in the region, and by what: the one rule of supply (docs/method.md,
-- "Offered in the region"), read by core.certifications.is_offered_in_region and by every supply count of the
-- marts. Grain: certification_id, department_code, offered_by, offer_id.
-- offered_by 'programme': an active programme preparing it is taught in that department (core.programme_places:
-- its current or undated sessions' places, else its own). offered_by 'partner': while the certification is
-- active (its fiche's status; a certification without a fiche counts as active), one of its partners with an
-- authorisation in force is located in that department (core.certification_partners: the export's place, else
-- the places where a programme of the same SIRET is taught now). A national catalogue entry (ONISEP Idéo,
-- no place) and an offer whose sessions all ended before the window offer nothing.
with fiche_status as (
    select
        certification_id,
        any_value(status) as status,
    from {{ ref('trainings') }}
    where source = 'rncp'
    group by certification_id
),

by_programmes as (
    select
        trainings.certification_id,
        programme_places.department_code,
        'programme' as offered_by,
        trainings.training_id as offer_id,
    from {{ ref('programme_places') }} as programme_places
    inner join {{ ref('trainings') }} as trainings using (training_id)
),

by_partners as (
    select
        partners.certification_id,
        unnest(partners.regional_departments) as department_code,
        'partner' as offered_by,
        partners.partner_key as offer_id,
    from {{ ref('certification_partners') }} as partners
    left join fiche_status using (certification_id)
    where partners.is_active and partners.is_in_region and coalesce(fiche_status.status, 'active') = 'active'
)

select * from by_programmes
union
select * from by_partners
