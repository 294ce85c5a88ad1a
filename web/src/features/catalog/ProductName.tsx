import { useProduct } from './api.ts';

/** A product's name, wherever only its id is known. */
export function ProductName({ id }: { id: string }) {
  const product = useProduct(id);
  return <>{product.data?.name ?? '…'}</>;
}
