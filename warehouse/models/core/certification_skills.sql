-- What each certification teaches: what its RNCP fiche or any of its active programmes teaches
-- (core.trainings.describes_certification). A national catalogue entry (ONISEP Idéo: its domains, not what is
-- taught somewhere) and an offer whose sessions all ended before the window add nothing.
-- Grain: certification_id, concept_id.
select
    trainings.certification_id,
    programme_skills.concept_id,
    any_value(programme_skills.level) as level,
    count(distinct trainings.training_id) as teaching_trainings,
from {{ ref('programme_skills') }} as programme_skills
inner join {{ ref('trainings') }} as trainings using (training_id)
where trainings.describes_certification
group by trainings.certification_id, programme_skills.concept_id
