{#- The grain of a model whose key is several columns: no two rows share the combination.
    (dbt_utils has the same test; packages cannot be downloaded at run time, so it lives here.) -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as rows_with_this_key
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
