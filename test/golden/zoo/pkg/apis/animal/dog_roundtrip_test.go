/*
Copyright 2026 The Zoo Authors.

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

package animal_test

import (
	"math/rand"
	"testing"

	"k8s.io/apimachinery/pkg/api/apitesting/fuzzer"
	"k8s.io/apimachinery/pkg/api/apitesting/roundtrip"
	metafuzzer "k8s.io/apimachinery/pkg/apis/meta/fuzzer"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"demo.io/zoo/pkg/apis/animal"
	animalv1 "demo.io/zoo/pkg/apis/animal/v1"
	animalv1beta1 "demo.io/zoo/pkg/apis/animal/v1beta1"
	// +apiboot:scaffold:imports
)

// dogVersions are the versions Dog is served in, with the
// functions that add each to a scheme. apiboot create resource adds to them.
var dogVersions = []struct {
	groupVersion schema.GroupVersion
	addToScheme  func(*runtime.Scheme) error
}{
	{groupVersion: animalv1beta1.SchemeGroupVersion, addToScheme: animalv1beta1.AddToScheme},
	{groupVersion: animalv1.SchemeGroupVersion, addToScheme: animalv1.AddToScheme},
	// +apiboot:scaffold:versions
}

// dogKinds are the kinds checked: Dog, its list, and the kinds
// of its subresources. apiboot create subresource adds to them.
var dogKinds = []string{
	"Dog",
	"DogList",
	"DogWalk",
	"DogBarkOptions",
	// +apiboot:scaffold:kinds
}

// TestDogRoundTrip fills Dog objects with random values and checks
// that none is lost on the way from the internal type to every version and
// back, and from every version to JSON and back: a field that a conversion
// forgets (such as one renamed in a version) fails it. It checks conversions,
// not defaults (see the Default tests): decoding a version would default the
// random objects, so each version's defaulting is turned off here.
func TestDogRoundTrip(t *testing.T) {
	scheme := runtime.NewScheme()
	utilruntime.Must(animal.AddToScheme(scheme))
	for _, v := range dogVersions {
		utilruntime.Must(v.addToScheme(scheme))
		for _, kind := range dogKinds {
			versioned, err := scheme.New(v.groupVersion.WithKind(kind))
			if err != nil {
				t.Fatal(err)
			}
			scheme.AddTypeDefaultingFunc(versioned, func(any) {})
		}
	}
	codecs := serializer.NewCodecFactory(scheme)
	seed := rand.Int63()
	t.Logf("fuzzer seed %d", seed)
	filler := fuzzer.FuzzerFor(metafuzzer.Funcs, rand.NewSource(seed), codecs)

	for _, kind := range dogKinds {
		t.Run("internal/"+kind, func(t *testing.T) {
			roundtrip.RoundTripSpecificKindWithoutProtobuf(t, animal.SchemeGroupVersion.WithKind(kind), scheme, codecs, filler, nil)
		})
		for _, v := range dogVersions {
			t.Run(v.groupVersion.Version+"/"+kind, func(t *testing.T) {
				roundtrip.RoundTripSpecificKindWithoutProtobuf(t, v.groupVersion.WithKind(kind), scheme, codecs, filler, nil)
			})
		}
	}
}
