{{- /*
hs.merge: DESIGN.md's deep merge of (list $base $over), returned as JSON (read it with fromJson).
Maps merge key by key; any other value of $over (lists, scalars, null, false, 0, "") replaces.
Sprig's mergeOverwrite cannot be used: it skips "empty" values of $over (false, 0, "", empty lists),
so `clusters.x.values.enabled: false` would not turn off `enabled: true`.
*/ -}}
{{- define "hs.merge" -}}
{{- $base := index . 0 -}}
{{- $over := index . 1 -}}
{{- $out := dict -}}
{{- range $k, $v := $base -}}
{{- $_ := set $out $k $v -}}
{{- end -}}
{{- range $k, $v := $over -}}
{{- $b := index $out $k -}}
{{- if and (kindIs "map" $b) (kindIs "map" $v) -}}
{{- $_ := set $out $k (include "hs.merge" (list $b $v) | fromJson) -}}
{{- else -}}
{{- $_ := set $out $k $v -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}
