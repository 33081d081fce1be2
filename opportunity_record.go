package cosell

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// EncodeRecord serialises a record for storage backends: one JSON object
// holding every field, so all backends store the same bytes.
func EncodeRecord(o *Opportunity) ([]byte, error) {
	doc := Object{
		{"Catalog", o.Catalog},
		{"Id", o.ID},
		{"CreatedDate", timeNano(o.CreatedDate)},
		{"LastModifiedDate", timeNano(o.LastModifiedDate)},
		{"Origin", o.Origin},
		{"Owner", o.Owner},
		{"Body", nonNilObject(o.Body)},
		{"OpportunityTeam", o.OpportunityTeam},
		{"Related", Object{
			{"AwsProducts", o.Related.AwsProducts},
			{"Solutions", o.Related.Solutions},
			{"AwsMarketplaceOffers", o.Related.AwsMarketplaceOffers},
			{"AwsMarketplaceOfferSets", o.Related.AwsMarketplaceOfferSets},
		}},
		{"Tags", o.Tags},
		{"Writes", Number(strconv.FormatInt(o.Writes, 10))},
	}
	if o.Unlinked {
		doc = append(doc, Field{"Unlinked", true})
	}
	buf := bytes.NewBuffer(make([]byte, 0, encodedSize.size(512, 256)))
	if err := AppendJSON(buf, doc); err != nil {
		return nil, err
	}
	encodedSize.saw(buf.Len())
	return buf.Bytes(), nil
}

var encodedSize sizeHint // EncodeRecord's last output

// DecodeRecord reads what EncodeRecord wrote.
func DecodeRecord(data []byte) (*Opportunity, error) {
	v, err := ParseJSON(data)
	if err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	doc, ok := v.(Object)
	if !ok {
		return nil, fmt.Errorf("decode record: not an object")
	}
	o := &Opportunity{
		Catalog: doc.Str("Catalog"),
		ID:      doc.Str("Id"),
		Origin:  doc.Str("Origin"),
		Owner:   doc.Str("Owner"), // "" in documents stored before owners existed
		Body:    doc.Obj("Body"),
	}
	if o.Body == nil {
		o.Body = Object{}
	}
	if o.CreatedDate, err = time.Parse(time.RFC3339Nano, doc.Str("CreatedDate")); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	if o.LastModifiedDate, err = time.Parse(time.RFC3339Nano, doc.Str("LastModifiedDate")); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	if n, ok := doc.Get("Writes").(Number); ok {
		o.Writes, _ = strconv.ParseInt(string(n), 10, 64)
	}
	o.Unlinked, _ = doc.Get("Unlinked").(bool)
	o.OpportunityTeam = doc.List("OpportunityTeam")
	o.Tags = doc.List("Tags")
	rel := doc.Obj("Related")
	o.Related = Related{
		AwsProducts:             stringList(rel.List("AwsProducts")),
		Solutions:               stringList(rel.List("Solutions")),
		AwsMarketplaceOffers:    stringList(rel.List("AwsMarketplaceOffers")),
		AwsMarketplaceOfferSets: stringList(rel.List("AwsMarketplaceOfferSets")),
	}
	return o, nil
}

func timeNano(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func nonNilObject(o Object) Object {
	if o == nil {
		return Object{}
	}
	return o
}

func stringList(l []any) []string {
	if l == nil {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
