{#- The analysis window (docs/method.md, "Time"): `window_months` calendar months ending with the month of the
    night the build is for (landing.build_state 'window_end', written by warehouse/build.py; today when absent;
    the dbt var window_end, when given, wins), and the same number of months before it for trends. -#}
{% macro window_end_month() -%}
    {%- if var('window_end') -%}
    cast(date_trunc('month', date '{{ var("window_end") }}') as date)
    {%- else -%}
    cast(date_trunc('month', coalesce(
        (select max(cast(value as date)) from {{ source('landing', 'build_state') }} where key = 'window_end'),
        current_date)) as date)
    {%- endif -%}
{%- endmacro %}

{% macro window_start_month() -%}
    cast({{ window_end_month() }} - interval ({{ var('window_months') - 1 }}) month as date)
{%- endmacro %}

{% macro previous_window_start_month() -%}
    cast({{ window_end_month() }} - interval ({{ 2 * var('window_months') - 1 }}) month as date)
{%- endmacro %}

{#- 'current', 'previous' or null for a month (a date truncated to its month). -#}
{% macro window_of(month) -%}
    case
        when {{ month }} between {{ window_start_month() }} and {{ window_end_month() }} then 'current'
        when {{ month }} >= {{ previous_window_start_month() }} and {{ month }} < {{ window_start_month() }} then 'previous'
    end
{%- endmacro %}
