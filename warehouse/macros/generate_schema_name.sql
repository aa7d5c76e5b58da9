{#- A model's schema is its layer's name as written (staging, core, marts), not dbt's default
    "<target schema>_<custom schema>": analysts query core.postings. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
