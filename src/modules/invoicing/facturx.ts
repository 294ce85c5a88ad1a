// The XMP a Factur-X 1.0 / ZUGFeRD 2.x PDF carries (issue 11, decision 0026): the fx: properties
// naming the embedded XML and its profile, and the PDF/A extension schema that declares them
// (PDF/A-3 allows XMP properties outside its predefined schemas only when so declared).

/** The name the Factur-X specification gives the embedded CII XML. */
export const FACTURX_FILENAME = 'factur-x.xml';
const FX_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

const PROPERTIES: Array<[name: string, description: string]> = [
  ['DocumentFileName', 'The name of the embedded XML invoice'],
  ['DocumentType', 'The type of the document: INVOICE'],
  ['Version', 'The version of the Factur-X XML schema'],
  ['ConformanceLevel', 'The Factur-X profile of the embedded XML'],
];

/** The rdf:Description elements to append to the PDF's XMP: the EN 16931 profile of Factur-X 1.0. */
export function facturxXmp(): string {
  const values: Record<string, string> = { DocumentFileName: FACTURX_FILENAME, DocumentType: 'INVOICE', Version: '1.0', ConformanceLevel: 'EN 16931' };
  const properties = PROPERTIES.map(([name, description]) => `
              <rdf:li rdf:parseType="Resource">
                <pdfaProperty:name>${name}</pdfaProperty:name>
                <pdfaProperty:valueType>Text</pdfaProperty:valueType>
                <pdfaProperty:category>external</pdfaProperty:category>
                <pdfaProperty:description>${description}</pdfaProperty:description>
              </rdf:li>`).join('');
  return `
        <rdf:Description rdf:about="" xmlns:fx="${FX_NAMESPACE}">
${Object.entries(values).map(([k, v]) => `          <fx:${k}>${v}</fx:${k}>`).join('\n')}
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
          <pdfaExtension:schemas>
            <rdf:Bag>
              <rdf:li rdf:parseType="Resource">
                <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
                <pdfaSchema:namespaceURI>${FX_NAMESPACE}</pdfaSchema:namespaceURI>
                <pdfaSchema:prefix>fx</pdfaSchema:prefix>
                <pdfaSchema:property>
                  <rdf:Seq>${properties}
                  </rdf:Seq>
                </pdfaSchema:property>
              </rdf:li>
            </rdf:Bag>
          </pdfaExtension:schemas>
        </rdf:Description>`;
}
