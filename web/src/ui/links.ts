/** Class names for links that look like buttons (navigation that is a real <a>). */
export const primaryLink = 'inline-flex items-center rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-700';
export const secondaryLink = 'inline-flex items-center rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50';
export const textLink = 'text-indigo-700 hover:underline';
