// Command captureserver answers every request with one canned response, for
// scripts/bench-cli.sh: it makes the CLI benchmark independent of the
// emulator's state (an UpdateOpportunity that always succeeds, where the
// real service would answer later calls with a ConflictException).
//
//	go run ./difftest/captureserver -listen 127.0.0.1:8457
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"

	"github.com/cosell/cosell/difftest"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	body := flag.String("body", difftest.DefaultBody, "response body (HTTP 200, application/x-amz-json-1.0)")
	flag.Parse()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "http://%s/\n", ln.Addr())
	resp := []byte(*body)
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("Content-Length", strconv.Itoa(len(resp)))
		w.Write(resp)
	})))
}
