// Package params turns AWS CLI option values into the request document, the
// way AWS CLI v2 does it (aws-cli-behaviour.md §2–§10 and §15): paramfiles,
// shorthand and JSON decoding, model-driven list wrapping, --cli-input-json
// and --cli-input-yaml decoding, botocore's client-side parameter
// validation, timestamp normalisation and the request body bytes.
//
// Everything is derived from cosell's generated Shape values; this
// package never lists a member, an enum value or a constraint itself.
//
// Values that only Python can hold (bytes from fileb://, YAML ints, dates,
// datetimes and floats) are kept as the small types of pyvalue.go, so that
// Validate can print botocore's type names and value reprs.
package params
