/**
 * The exact class name of an instance, for naming and routing: the class's own static
 * `className` if it declares one (it survives minification), else its constructor's name.
 * A subclass that declares no `className` of its own gets its own constructor name, never its
 * parent's, so a subclass of `Linear` is not routed as `Linear`.
 */
export function exactClassName(instance: object): string {
  const ctor = instance.constructor as { readonly className?: unknown; readonly name: string };
  if (Object.prototype.hasOwnProperty.call(ctor, 'className') && typeof ctor.className === 'string') {
    return ctor.className;
  }
  return ctor.name;
}
