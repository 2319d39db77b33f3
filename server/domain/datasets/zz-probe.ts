import Papa from 'papaparse';
const p = new Papa.Parser({ delimiter: ',' });
export const x = p;
