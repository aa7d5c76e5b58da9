{#- References render as schema.table, without the catalog: DuckDB names the catalog after the file, and
    the night builds a working copy that is then renamed to the published file (warehouse/publish.py), so a
    view naming its catalog would break once published, or when an analyst copies the file. -#}
{% macro ref() -%}
    {{ return(builtins.ref(*varargs, **kwargs).include(database=false)) }}
{%- endmacro %}

{% macro source(source_name, table_name) -%}
    {{ return(builtins.source(source_name, table_name).include(database=false)) }}
{%- endmacro %}
