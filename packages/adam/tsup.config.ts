// The build all published packages share (ESM, types, source maps): see tsup.shared.ts.
export { default } from '../../tsup.shared';
