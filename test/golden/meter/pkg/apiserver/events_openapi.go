/*
Copyright 2026 The Meter Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package apiserver

import (
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// WithEventDefinitions adds the OpenAPI definitions of events.k8s.io/v1
// Events to those of getDefinitions, for a server that serves Events (see
// events.go): the server publishes them, and server-side apply builds its
// models of Events from them.
//
// They are written here rather than generated: for the two small types of
// k8s.io/api/core/v1 that Event refers to, openapi-gen would define every
// type of core/v1, a file far larger than the server's own definitions that
// each edit of a types file would regenerate and recompile. Their
// descriptions come from the types' own documentation (SwaggerDoc), and a
// test checks them against the fields of the Go types.
func WithEventDefinitions(getDefinitions common.GetOpenAPIDefinitions) common.GetOpenAPIDefinitions {
	return func(ref common.ReferenceCallback) map[string]common.OpenAPIDefinition {
		definitions := getDefinitions(ref)
		for name, definition := range eventDefinitions(ref) {
			definitions[name] = definition
		}
		return definitions
	}
}

// eventDefinitions returns the definitions of Event, EventList and
// EventSeries, and of the core/v1 types Event refers to. The meta/v1 types
// come with the generated definitions.
func eventDefinitions(ref common.ReferenceCallback) map[string]common.OpenAPIDefinition {
	var (
		eventName     = eventsv1.Event{}.OpenAPIModelName()
		listName      = eventsv1.EventList{}.OpenAPIModelName()
		seriesName    = eventsv1.EventSeries{}.OpenAPIModelName()
		referenceName = corev1.ObjectReference{}.OpenAPIModelName()
		sourceName    = corev1.EventSource{}.OpenAPIModelName()
		objectMeta    = metav1.ObjectMeta{}.OpenAPIModelName()
		listMeta      = metav1.ListMeta{}.OpenAPIModelName()
		microTime     = metav1.MicroTime{}.OpenAPIModelName()
		timeName      = metav1.Time{}.OpenAPIModelName()

		typeMeta  = metav1.TypeMeta{}.SwaggerDoc()
		event     = eventsv1.Event{}.SwaggerDoc()
		list      = eventsv1.EventList{}.SwaggerDoc()
		series    = eventsv1.EventSeries{}.SwaggerDoc()
		reference = corev1.ObjectReference{}.SwaggerDoc()
		source    = corev1.EventSource{}.SwaggerDoc()
	)
	str := func(description string) spec.Schema {
		return *spec.StringProperty().WithDescription(description)
	}
	integer := func(description string) spec.Schema {
		return *spec.Int32Property().WithDescription(description)
	}
	refTo := func(name, description string) spec.Schema {
		return spec.Schema{SchemaProps: spec.SchemaProps{Description: description, Ref: ref(name)}}
	}
	object := func(doc map[string]string, required []string, properties map[string]spec.Schema) spec.Schema {
		return spec.Schema{SchemaProps: spec.SchemaProps{Description: doc[""], Type: []string{"object"}, Required: required, Properties: properties}}
	}

	items := refTo(eventName, "")
	referenceSchema := object(reference, nil, map[string]spec.Schema{
		"kind":            str(reference["kind"]),
		"namespace":       str(reference["namespace"]),
		"name":            str(reference["name"]),
		"uid":             str(reference["uid"]),
		"apiVersion":      str(reference["apiVersion"]),
		"resourceVersion": str(reference["resourceVersion"]),
		"fieldPath":       str(reference["fieldPath"]),
	})
	// Server-side apply replaces a reference as a whole, as Kubernetes does.
	referenceSchema.VendorExtensible = spec.VendorExtensible{Extensions: spec.Extensions{"x-kubernetes-map-type": "atomic"}}

	return map[string]common.OpenAPIDefinition{
		eventName: {
			Schema: object(event, []string{"eventTime"}, map[string]spec.Schema{
				"kind":                     str(typeMeta["kind"]),
				"apiVersion":               str(typeMeta["apiVersion"]),
				"metadata":                 refTo(objectMeta, event["metadata"]),
				"eventTime":                refTo(microTime, event["eventTime"]),
				"series":                   refTo(seriesName, event["series"]),
				"reportingController":      str(event["reportingController"]),
				"reportingInstance":        str(event["reportingInstance"]),
				"action":                   str(event["action"]),
				"reason":                   str(event["reason"]),
				"regarding":                refTo(referenceName, event["regarding"]),
				"related":                  refTo(referenceName, event["related"]),
				"note":                     str(event["note"]),
				"type":                     str(event["type"]),
				"deprecatedSource":         refTo(sourceName, event["deprecatedSource"]),
				"deprecatedFirstTimestamp": refTo(timeName, event["deprecatedFirstTimestamp"]),
				"deprecatedLastTimestamp":  refTo(timeName, event["deprecatedLastTimestamp"]),
				"deprecatedCount":          integer(event["deprecatedCount"]),
			}),
			Dependencies: []string{seriesName, referenceName, sourceName, objectMeta, microTime, timeName},
		},
		listName: {
			Schema: object(list, []string{"items"}, map[string]spec.Schema{
				"kind":       str(typeMeta["kind"]),
				"apiVersion": str(typeMeta["apiVersion"]),
				"metadata":   refTo(listMeta, list["metadata"]),
				"items":      *spec.ArrayProperty(&items).WithDescription(list["items"]),
			}),
			Dependencies: []string{eventName, listMeta},
		},
		seriesName: {
			Schema: object(series, []string{"count", "lastObservedTime"}, map[string]spec.Schema{
				"count":            integer(series["count"]),
				"lastObservedTime": refTo(microTime, series["lastObservedTime"]),
			}),
			Dependencies: []string{microTime},
		},
		referenceName: {Schema: referenceSchema},
		sourceName: {
			Schema: object(source, nil, map[string]spec.Schema{
				"component": str(source["component"]),
				"host":      str(source["host"]),
			}),
		},
	}
}
