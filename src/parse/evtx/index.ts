// Native reader for Windows EVTX files: records as element trees, XML and evtx_dump JSON
// renderings, normalized events, and RawRecord batches for file sources.

export type { EvtxAttribute, EvtxElement, EvtxItem, EvtxNode, EvtxProblem, EvtxProblemCode, EvtxRecord, EvtxValue } from './types.js';
export { parseEvtx, readEvtxFile, readFileHeader, type EvtxFileHeader } from './reader.js';
export { evtxToXml } from './xml.js';
export { evtxToJson, type EvtxJson } from './json.js';
export { evtxEventRecordId, evtxRecordToEvent, evtxRecordToWindowsInput, type EvtxEventOptions } from './event.js';
export { evtxToRawRecords, evtxParser, EVTX_FORMAT, type EvtxRawOptions } from './raw.js';
