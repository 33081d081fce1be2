#!/bin/sh
# Prints the request body the installed AWS CLI sends for an
# update-opportunity call, to re-derive the expectations of
# pipeline_test.go. Not run by go test.
#   sh testdata/check-awscli.sh --last-modified-date 0 --project 'Title=a'
set -eu
dir=$(mktemp -d)
cat > "$dir/cap.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        b = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        open(sys.argv[1], 'wb').write(b)
        self.send_response(200); self.end_headers(); self.wfile.write(b'{}')
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', 18766), H).serve_forever()
PY
python3 "$dir/cap.py" "$dir/body" & pid=$!
trap 'kill $pid; rm -rf "$dir"' EXIT
sleep 1
AWS_ACCESS_KEY_ID=a AWS_SECRET_ACCESS_KEY=b AWS_DEFAULT_REGION=us-east-1 \
  aws partnercentral-selling update-opportunity --endpoint-url http://127.0.0.1:18766 \
  --catalog AWS --identifier O1 "$@" >/dev/null || echo "exit $?"
cat "$dir/body" 2>/dev/null; echo
