/**
 * False when the user asked their system for reduced motion: charts then appear at once instead
 * of drawing themselves in (and screenshots of a page show its data, not a frame of animation).
 */
export function motionAllowed(): boolean {
  return !(
    typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}
