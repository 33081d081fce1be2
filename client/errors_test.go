package client

import (
	"net/http"
	"testing"
)

func TestParseServiceError(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		header   map[string]string
		body     string
		wantMsg  string
		wantExit int
	}{
		{name: "__type and message", status: 400, body: `{"__type":"ValidationException","message":"bad"}`,
			wantMsg: "\nAn error occurred (ValidationException) when calling the Op operation: bad\n", wantExit: 254},
		{name: "Message when no message", status: 400, body: `{"__type":"ValidationException","Message":"Bad"}`,
			wantMsg: "\nAn error occurred (ValidationException) when calling the Op operation: Bad\n", wantExit: 254},
		{name: "message wins over Message", status: 400, body: `{"Message":"M","__type":"X","message":"m"}`,
			wantMsg: "\nAn error occurred (X) when calling the Op operation: m\n", wantExit: 254},
		{name: "coral suffix cut", status: 409, body: `{"__type":"ConflictException:http://internal.amazon.com/coral/com.amazon.x/","Message":"stale"}`,
			wantMsg: "\nAn error occurred (ConflictException) when calling the Op operation: stale\n", wantExit: 254},
		{name: "namespace prefix cut", status: 400, body: `{"__type":"com.amazonaws.partnercentral#ValidationException","message":"v"}`,
			wantMsg: "\nAn error occurred (ValidationException) when calling the Op operation: v\n", wantExit: 254},
		{name: "suffix cut before the prefix", status: 400, body: `{"__type":"ns#Foo:http://a#b"}`,
			wantMsg: "\nAn error occurred (Foo) when calling the Op operation: \n", wantExit: 254},
		{name: "x-amzn-errortype header ignored", status: 400, header: map[string]string{"X-Amzn-Errortype": "BarException"}, body: `{"__type":"Foo","message":"f"}`,
			wantMsg: "\nAn error occurred (Foo) when calling the Op operation: f\n", wantExit: 254},
		{name: "x-amzn-query-error overrides __type", status: 400, header: map[string]string{"X-Amzn-Query-Error": "AWS.Legacy.Code;Sender"}, body: `{"__type":"Foo","message":"f"}`,
			wantMsg: "\nAn error occurred (AWS.Legacy.Code) when calling the Op operation: f\n", wantExit: 254},
		{name: "malformed x-amzn-query-error ignored", status: 400, header: map[string]string{"X-Amzn-Query-Error": "NoType"}, body: `{"__type":"Foo"}`,
			wantMsg: "\nAn error occurred (Foo) when calling the Op operation: \n", wantExit: 254},
		{name: "no __type: the status", status: 418, body: `{"message":"teapot"}`,
			wantMsg: "\nAn error occurred (418) when calling the Op operation: teapot\n", wantExit: 254},
		{name: "empty body below 500", status: 400, body: ``,
			wantMsg: "\nAn error occurred (400) when calling the Op operation: \n", wantExit: 254},
		{name: "null message prints as Python None", status: 400, body: `{"__type":"X","message":null}`,
			wantMsg: "\nAn error occurred (X) when calling the Op operation: None\n", wantExit: 254},
		{name: "number message prints as Python str of a float", status: 400, body: `{"__type":"X","message":1.50}`,
			wantMsg: "\nAn error occurred (X) when calling the Op operation: 1.5\n", wantExit: 254},
		{name: "object message prints as Python str of a dict", status: 400, body: `{"__type":"X","message":{"a":[1,true,"x"]}}`,
			wantMsg: "\nAn error occurred (X) when calling the Op operation: {'a': [1, True, 'x']}\n", wantExit: 254},
		{name: "non-JSON body becomes the message", status: 400, body: `oops, not json`,
			wantMsg: "\nAn error occurred (400) when calling the Op operation: oops, not json\n", wantExit: 254},
		{name: "html 502", status: 502, body: "<html><body><b>Http/1.1 Bad Gateway</b></body></html>",
			wantMsg: "\nAn error occurred (502) when calling the Op operation: Bad Gateway\n", wantExit: 254},
		{name: "whitespace-only 503", status: 503, body: " \r\n",
			wantMsg: "\nAn error occurred (503) when calling the Op operation: Service Unavailable\n", wantExit: 254},
		{name: "non-html text 500 is the message", status: 500, body: "upstream died",
			wantMsg: "\nAn error occurred (500) when calling the Op operation: upstream died\n", wantExit: 254},
		{name: "JSON 500 parsed normally", status: 500, body: `{"__type":"InternalServerException","Message":"i"}`,
			wantMsg: "\nAn error occurred (InternalServerException) when calling the Op operation: i\n", wantExit: 254},
		{name: "JSON list body crashes botocore", status: 400, body: `[1]`,
			wantMsg: "\n'list' object has no attribute 'get'\n", wantExit: 255},
		{name: "JSON string body crashes botocore", status: 400, body: `"x"`,
			wantMsg: "\n'str' object has no attribute 'get'\n", wantExit: 255},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			err := parseServiceError(tt.status, h, []byte(tt.body)).toError("Op", false, 0)
			wantError(t, err, tt.wantMsg, tt.wantExit)
		})
	}
}
