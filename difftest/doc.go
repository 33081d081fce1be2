// Package difftest is the differential fidelity corpus: it proves cosell is a
// drop-in for AWS CLI v2 by running the same argument lists through both
// `/usr/bin/aws` and `cosell` against a request-capturing server and comparing
// the request bodies (parsed and byte for byte), stdout and the exit code
// (issue 3, point 4).
//
// The corpus lives in testdata/corpus.txt (format: see corpus.go). The
// parser and the capture server are plain Go and unit-tested by the default
// `go test ./...`; the slow differential run needs AWS CLI v2 and is behind
// the difftest build tag:
//
//	scripts/install-awscli-v2.sh                      # once
//	go test -tags difftest -timeout 30m ./difftest/   # compare every case (about 10 minutes on two cores)
//	go test -tags difftest ./difftest/ -run 'TestCorpus/shorthand'
//	go test -tags difftest ./difftest/ -record        # run only AWS CLI v2, save testdata/aws-v2-record.txt
package difftest
