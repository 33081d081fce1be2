package deliver

import (
	"bytes"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/cosell/cosell"
)

// EventBridge puts each event on an EventBridge bus with PutEvents (AWS
// JSON 1.1, target AWSEvents.PutEvents), one entry per call so that the
// dispatcher's per-target order holds: Source (aws.partnercentral-selling
// unless set otherwise), DetailType, Detail (the envelope's detail),
// Resources, Time and EventBusName. EventBridge makes the envelope around
// it, with an id of its own: PutEvents cannot set the id, so a consumer
// that must drop redeliveries compares detail-type, resources, time and
// detail. A call that fails, or an entry EventBridge refuses
// (FailedEntryCount), is retried with backoff.
type EventBridge struct {
	Client *eventbridge.Client
	Bus    string // name or ARN; "" is the default bus
	Source string
	// Endpoint names the target's progress (with Bus).
	Endpoint string
}

// EventBridgeOptions configure NewEventBridge.
type EventBridgeOptions struct {
	Endpoint string // base URL, e.g. LocalStack's http://localhost:4566; "" is AWS's own for Region
	Region   string // "" takes the config chain's (AWS_REGION, profile)
	Bus      string
	Source   string // "" is aws.partnercentral-selling
}

// NewEventBridge builds the client from the standard aws-sdk-go-v2 config
// chain (environment, shared config and credentials files, profile), with
// the endpoint and region of o.
func NewEventBridge(ctx context.Context, o EventBridgeOptions) (*EventBridge, error) {
	var opts []func(*config.LoadOptions) error
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("eventbridge: aws config: %w", err)
	}
	if cfg.Region == "" {
		return nil, fmt.Errorf("eventbridge: no region: set --eventbridge-region or AWS_REGION")
	}
	client := eventbridge.NewFromConfig(cfg, func(opt *eventbridge.Options) {
		if o.Endpoint != "" {
			opt.BaseEndpoint = aws.String(o.Endpoint)
		}
		// The dispatcher retries with its own backoff and keeps order.
		opt.RetryMaxAttempts = 1
	})
	return &EventBridge{Client: client, Bus: o.Bus, Source: o.Source, Endpoint: o.Endpoint}, nil
}

func (b *EventBridge) Name() string {
	bus := b.Bus
	if bus == "" {
		bus = "default"
	}
	return "eventbridge:" + b.Endpoint + "#" + bus
}

func (b *EventBridge) Deliver(ctx context.Context, e *cosell.OutboxEvent) error {
	var detail bytes.Buffer
	if err := cosell.AppendJSON(&detail, e.DetailObject()); err != nil {
		return err
	}
	source := b.Source
	if source == "" {
		source = cosell.EventSource
	}
	entry := types.PutEventsRequestEntry{
		Source:     aws.String(source),
		DetailType: aws.String(e.DetailType),
		Detail:     aws.String(detail.String()),
		Resources:  append([]string{}, e.Resources...),
		Time:       aws.Time(e.Time.UTC()),
	}
	if b.Bus != "" {
		entry.EventBusName = aws.String(b.Bus)
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	out, err := b.Client.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{entry}})
	if err != nil {
		return err
	}
	if out.FailedEntryCount > 0 {
		code, msg := "", ""
		if len(out.Entries) > 0 {
			code, msg = aws.ToString(out.Entries[0].ErrorCode), aws.ToString(out.Entries[0].ErrorMessage)
		}
		return fmt.Errorf("eventbridge: entry refused: %s: %s", code, msg)
	}
	return nil
}
