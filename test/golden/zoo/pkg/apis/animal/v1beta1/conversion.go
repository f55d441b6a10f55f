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

package v1beta1

// This file is yours: the conversions between v1beta1 and the internal
// types of demo.io/zoo/pkg/apis/animal that conversion-gen cannot write.
//
// conversion-gen (make generate) writes every conversion it can into
// zz_generated.conversion.go. When a field differs between the two types,
// such as a field renamed in v1beta1, it writes the automatic part into a
// function autoConvert_... and leaves a comment "WARNING: in.X requires
// manual conversion"; the build then fails until this file has the function
// by the name it expects, which calls the automatic part and converts the
// rest. For example, for a field Name of the internal type called
// DisplayName in v1beta1:
//
//	func Convert_v1beta1_DogSpec_To_animal_DogSpec(in *DogSpec, out *animal.DogSpec, s conversion.Scope) error {
//		if err := autoConvert_v1beta1_DogSpec_To_animal_DogSpec(in, out, s); err != nil {
//			return err
//		}
//		out.Name = in.DisplayName
//		return nil
//	}
//
// and the same in the other direction. The round-trip test in
// demo.io/zoo/pkg/apis/animal checks that no field is lost on the way.
//
// Then tell the server the field's name in v1beta1, with a method on the
// versioned type (the FieldRenamer hook of pkg/registry/fieldnames.go):
//
//	func (*Dog) RenamedFields() map[string]string {
//		return map[string]string{"spec.name": "spec.displayName"}
//	}
//
// so that field selectors sent to v1beta1, and the validation errors and
// column descriptions it answers with, name spec.displayName, not the internal
// type's spec.name.
